//! Employees' facts as `aturan eval` reads them: a JSON document (one object or an array) read
//! whole, or NDJSON read a slice of lines at a time, so that a file of a million employees takes
//! the memory of one slice and a stream on standard input is answered line by line as it comes.

use std::io::{BufRead, BufReader, Read};

use aturan_core::{EvalError, Lang, Text};
use rayon::prelude::*;
use serde_json::Value as Json;

use crate::{say, Stop};

/// The longest line of NDJSON read: one employee's facts (a list in the facts holds at most
/// 100,000 items) take far less. Input without line breaks (`/dev/zero`) stops here, with an
/// error, instead of growing until memory runs out.
const MAX_LINE: u64 = 256 << 20;

/// The largest JSON document (one object or an array) read whole; NDJSON is read a line at a
/// time and may be of any size.
const MAX_DOCUMENT: u64 = 4 << 30;

/// Reads one line into `buf`, at most [`MAX_LINE`] bytes of it: the bytes read, or an error for
/// a longer line.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let n = reader.take(MAX_LINE).read_until(b'\n', buf)?;
    if n as u64 == MAX_LINE && !buf.ends_with(b"\n") {
        return Err(std::io::Error::other(format!(
            "a line is longer than {} MiB without a line break",
            MAX_LINE >> 20
        )));
    }
    Ok(n)
}

/// One employee's facts, or why they could not be read (that employee's error, code `json`,
/// with the line and column where the text breaks).
pub type Facts = Result<Json, EvalError>;

/// Where the employees come from.
pub enum Employees {
    /// A JSON document, read whole.
    Whole(std::vec::IntoIter<Facts>),
    /// A JSON array, checked whole and built an item at a time: its text and the items' places.
    Items(String, std::vec::IntoIter<std::ops::Range<usize>>),
    /// NDJSON, read on demand.
    Lines(Lines),
}

pub struct Lines {
    reader: BufReader<Box<dyn Read>>,
    /// Standard input: a slice ends where the input has nothing more at hand, so that a stream
    /// is answered line by line as it comes instead of waiting for a whole slice.
    interactive: bool,
    /// Lines read to decide the format, not yet handed out: (line number from 1, bytes).
    pending: std::collections::VecDeque<(usize, Vec<u8>)>,
    /// The number of the last line read.
    line: usize,
    /// Bytes read so far, and the file's size (not known for standard input).
    read: u64,
    size: Option<u64>,
    shown: String,
    lang: Lang,
    /// A read that failed after some lines of a slice: said at the next slice, once the lines
    /// before it are decided and written.
    failed: Option<String>,
}

/// How far through its input a run is, for a progress display.
pub enum Progress {
    /// Employees decided out of this many.
    Employees(u64),
    /// Bytes read out of this many (NDJSON from a file).
    Bytes(u64),
    /// Employees decided, of a stream whose end is not known.
    Stream,
}

impl Employees {
    /// What a progress display counts.
    pub fn progress(&self) -> Progress {
        match self {
            Employees::Whole(all) => Progress::Employees(all.len() as u64),
            Employees::Items(_, items) => Progress::Employees(items.len() as u64),
            Employees::Lines(Lines { size: Some(size), .. }) => Progress::Bytes(*size),
            Employees::Lines(_) => Progress::Stream,
        }
    }

    /// The position for [`Employees::progress`], once `decided` employees are decided.
    pub fn position(&self, decided: usize) -> u64 {
        match self {
            Employees::Lines(Lines { size: Some(_), read, .. }) => *read,
            _ => decided as u64,
        }
    }

    /// The next employees, at most `max`; none at the end of the input. An input that cannot be
    /// read (a broken pipe, a disk error) is an error for the whole run.
    pub fn next_slice(&mut self, max: usize) -> Result<Vec<Facts>, String> {
        match self {
            Employees::Whole(all) => Ok(all.by_ref().take(max).collect()),
            Employees::Items(text, items) => {
                let slice: Vec<std::ops::Range<usize>> = items.by_ref().take(max).collect();
                Ok(slice
                    .into_par_iter()
                    .map(|r| {
                        let item = text.get(r).unwrap_or_default();
                        // Checked whole already: an item reads, unless past what the engine takes.
                        aturan_core::parse_json(item).map_err(|e| EvalError::from(&e))
                    })
                    .collect())
            }
            Employees::Lines(lines) => lines.next_slice(max),
        }
    }
}

impl Lines {
    fn next_slice(&mut self, max: usize) -> Result<Vec<Facts>, String> {
        if let Some(failed) = self.failed.take() {
            return Err(failed);
        }
        let mut raw: Vec<(usize, Vec<u8>)> = Vec::new();
        while raw.len() < max {
            if let Some(line) = self.pending.pop_front() {
                raw.push(line);
                continue;
            }
            // Before a read that could wait for a stream's next line, what is at hand is
            // decided and written.
            if self.interactive && !raw.is_empty() && self.reader.buffer().is_empty() {
                break;
            }
            let mut bytes = Vec::new();
            let n = match read_line(&mut self.reader, &mut bytes) {
                Ok(n) => n,
                Err(e) => {
                    let failed = say(
                        self.lang,
                        format!("cannot read {} after line {}: {e}", self.shown, self.line),
                        format!("{} tidak dapat dibaca setelah baris {}: {e}", self.shown, self.line),
                    );
                    // The lines before it are decided first (their decisions are not lost).
                    if raw.is_empty() {
                        return Err(failed);
                    }
                    self.failed = Some(failed);
                    break;
                }
            };
            if n == 0 {
                break;
            }
            self.read += n as u64;
            self.line += 1;
            if !bytes.trim_ascii().is_empty() {
                raw.push((self.line, bytes));
            }
        }
        Ok(raw.into_par_iter().map(|(n, bytes)| parse_line(n, bytes)).collect())
    }
}

/// One line of NDJSON as one employee's facts.
fn parse_line(n: usize, bytes: Vec<u8>) -> Facts {
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let byte = e.as_bytes().get(at).copied().unwrap_or(0);
        EvalError::Json {
            message: Text::new(
                format!("line {n} is not UTF-8 text: byte 0x{byte:02X} at byte {} of the line", at + 1),
                format!("baris {n} bukan teks UTF-8: bita 0x{byte:02X} pada bita ke-{} baris itu", at + 1),
            ),
            line: Some(n),
            // Where the text stops being UTF-8, counted in bytes (no character is there).
            column: Some(at + 1),
        }
    })?;
    let line = if n == 1 { aturan_core::without_bom(&text) } else { &text };
    // Without its line break, so that a line cut short is said to end where its text does.
    let line = line.trim_end_matches(['\n', '\r']);
    aturan_core::parse_json(line).map_err(|e| line_error(n, &e))
}

/// A line of NDJSON that does not read: its line in the whole input, and the column.
fn line_error(line: usize, e: &aturan_core::JsonError) -> EvalError {
    EvalError::Json { message: e.in_line(line), line: Some(line), column: Some(e.column()) }
}

/// Opens the facts: a file, or `-` for standard input. NDJSON (a first line that is a JSON value
/// by itself) is read as it is needed; anything else is read whole: a JSON object (one employee),
/// a JSON array, or NDJSON whose first line is broken. A line of
/// NDJSON that is not JSON is an error for that employee only; a document that is not JSON, or
/// holds no employee, is an error for the whole input.
pub fn open(arg: &str, lang: Lang) -> Result<Employees, Stop> {
    let shown = match (arg, lang) {
        ("-", Lang::En) => "standard input".to_string(),
        ("-", Lang::Id) => "masukan standar".to_string(),
        _ => format!("`{arg}`"),
    };
    let unreadable = |e: &std::io::Error| {
        let why = aturan_core::io_error_text(e);
        say(lang, format!("cannot read {shown}: {}", why.en), format!("{shown} tidak dapat dibaca: {}", why.id))
    };
    let (source, size): (Box<dyn Read>, Option<u64>) = if arg == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let file = std::fs::File::open(arg).map_err(|e| unreadable(&e))?;
        let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        (Box::new(file), size)
    };
    let mut reader = BufReader::with_capacity(1 << 20, source);
    // The first line that is not blank decides the format: a JSON value by itself, ended by a
    // line break, starts NDJSON. What is read is kept once, in `read`. A file that starts an
    // array is read whole: room for all of it is made at once, so that an array on one line is
    // not copied over and over as the buffer grows.
    let array = {
        let head = reader.fill_buf().map_err(|e| unreadable(&e))?;
        let head = head.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(head);
        head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
    };
    let room = if array { size.and_then(|n| usize::try_from(n).ok()).unwrap_or(0) } else { 0 };
    let mut read: Vec<u8> = Vec::with_capacity(room.saturating_add(1));
    let mut line = 0;
    let mut next_line = |reader: &mut BufReader<Box<dyn Read>>,
                         read: &mut Vec<u8>|
     -> Result<Option<(usize, std::ops::Range<usize>)>, String> {
        loop {
            let start = read.len();
            if read_line(reader, read).map_err(|e| unreadable(&e))? == 0 {
                return Ok(None);
            }
            line += 1;
            if !read.get(start..).unwrap_or_default().trim_ascii().is_empty() {
                return Ok(Some((line, start..read.len())));
            }
        }
    };
    // A line that is one JSON value by itself: an object (or a value of another kind) is an
    // employee of NDJSON, an array a header above them (or a whole array on one line).
    let whole_value = |bytes: &[u8]| -> Option<bool> {
        let text = std::str::from_utf8(bytes).map(aturan_core::without_bom).ok()?;
        (bytes.ends_with(b"\n") && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok())
            .then(|| text.trim_start().starts_with('['))
    };
    let alone = |bytes: &[u8]| whole_value(bytes) == Some(false);
    let first = next_line(&mut reader, &mut read)?;
    let mut pending: Vec<(usize, std::ops::Range<usize>)> = first.into_iter().collect();
    // A line of what is read, by its place in `read`.
    fn at<'a>(read: &'a [u8], r: &std::ops::Range<usize>) -> &'a [u8] {
        read.get(r.clone()).unwrap_or_default()
    }
    // A first line that is not UTF-8 text cannot tell: the next one does, as for a broken line.
    let unreadable_first = pending
        .first()
        .is_some_and(|(_, r)| std::str::from_utf8(at(&read, r)).is_err() && at(&read, r).ends_with(b"\n"));
    // Nor can a first line that is a whole array by itself: a header of column names above
    // NDJSON (`["nip","nama"]`), whose rows follow, one object a line.
    let lone_array = pending.first().is_some_and(|(_, r)| whole_value(at(&read, r)) == Some(true));
    if unreadable_first || lone_array {
        pending.extend(next_line(&mut reader, &mut read)?);
    }
    let second_alone = pending.get(1).is_some_and(|(_, r)| alone(at(&read, r)));
    let streams = pending.first().is_some_and(|(_, r)| alone(at(&read, r)))
        || (unreadable_first && second_alone)
        || (lone_array
            && second_alone
            && pending.get(1).is_some_and(|(_, r)| at(&read, r).trim_ascii_start().starts_with(b"{")));
    let line = line;
    if streams {
        let pending = pending.iter().map(|(n, r)| (*n, at(&read, r).to_vec())).collect();
        return Ok(Employees::Lines(Lines {
            reader,
            interactive: arg == "-",
            pending,
            line,
            read: read.len() as u64,
            size,
            shown,
            lang,
            failed: None,
        }));
    }
    let mut bytes = read;
    let too_large = || {
        let gib = MAX_DOCUMENT >> 30;
        say(
            lang,
            format!("{shown} is larger than {gib} GiB, the most a JSON document is read whole: give the employees as NDJSON, one per line, which is read a line at a time"),
            format!("{shown} lebih besar dari {gib} GiB, batas dokumen JSON yang dibaca utuh: berikan pegawai sebagai NDJSON, satu per baris, yang dibaca baris demi baris"),
        )
    };
    if size.is_some_and(|n| n > MAX_DOCUMENT) {
        return Err(too_large().into());
    }
    let room = MAX_DOCUMENT.saturating_sub(bytes.len() as u64);
    reader.take(room.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| unreadable(&e))?;
    if bytes.len() as u64 > MAX_DOCUMENT {
        return Err(too_large().into());
    }
    whole(bytes, &shown, lang)
}

/// A whole document: one employee, an array of them, or NDJSON with a broken first line.
fn whole(bytes: Vec<u8>, shown: &str, lang: Lang) -> Result<Employees, Stop> {
    let text = aturan_core::text_of(bytes).map_err(|e| {
        say(lang, format!("cannot read {shown}: {}", e.en), format!("{shown} tidak dapat dibaca: {}", e.id))
    })?;
    // An array's items are built a slice at a time (the text takes far less memory than the
    // values), once the whole array has been checked.
    if aturan_core::without_bom(&text).trim_start().starts_with('[') {
        if let Ok(items) = aturan_core::parse_json_items(&text) {
            if !items.is_empty() {
                return Ok(Employees::Items(text, items.into_iter()));
            }
        }
    }
    read_whole(&text, shown, lang).map(|all| Employees::Whole(all.into_iter()))
}

/// A whole document read at once: one employee, an empty or broken array (an error), or NDJSON
/// with a broken first line.
fn read_whole(text: &str, shown: &str, lang: Lang) -> Result<Vec<Facts>, Stop> {
    let text = aturan_core::without_bom(text);
    if text.trim().is_empty() {
        return Err(say(
            lang,
            format!("{shown} holds no employee: expected a JSON object, a JSON array or NDJSON"),
            format!("{shown} tidak berisi pegawai: seharusnya objek JSON, larik JSON, atau NDJSON"),
        )
        .into());
    }
    let whole = aturan_core::parse_json(text);
    match &whole {
        Ok(Json::Array(items)) if items.is_empty() => {
            return Err(say(
                lang,
                format!("{shown} holds no employee: the array is empty"),
                format!("{shown} tidak berisi pegawai: lariknya kosong"),
            )
            .into())
        }
        Ok(_) => {
            return Ok(match whole.unwrap_or_default() {
                Json::Array(items) => items.into_iter().map(Ok).collect(),
                other => vec![Ok(other)],
            })
        }
        // Well-formed JSON that names a field twice in one object.
        Err(e) if !e.is_syntax() => {
            return Err(Stop::json(format!("{shown}: {}", e.message(lang)), Some((e.line(), e.column()))))
        }
        Err(_) => {}
    }
    // NDJSON when the second line is a JSON value by itself (the first one is broken and fails
    // alone, as any other); otherwise one document that is broken.
    let Some(lines) = aturan_core::ndjson_lines(text) else {
        let at = whole.as_ref().err().map(|e| (e.line(), e.column()));
        let e = whole.err().map(|e| e.message(lang)).unwrap_or_default();
        return Err(Stop::json(say(lang, format!("{shown} is not JSON: {e}"), format!("{shown} bukan JSON: {e}")), at));
    };
    Ok(lines.par_iter().map(|&(n, line)| aturan_core::parse_json(line).map_err(|e| line_error(n, &e))).collect())
}
