//! One diagnostic shape for every stage: parse, check, facts. The CLI prints it with a snippet and a
//! caret, Python raises it inside `PolicyError.diagnostics`, the browser shows it as an editor marker.

use std::fmt::Write as _;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::NoColor};
use serde::{Deserialize, Serialize};

use crate::span::Span;

/// The language of messages, explanations and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Indonesian (Bahasa Indonesia).
    Id,
}

/// `"id".parse::<Lang>()`, as [`Lang::parse`] reads it; the error says which languages there are.
impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        Lang::parse(s).ok_or_else(|| format!("unknown language `{s}`: `en` (English) or `id` (Indonesian)"))
    }
}

impl Lang {
    /// Reads a language: `en` or `id` (any case), their names (`english`, `indonesia`…), or a language tag whose
    /// first part is one of them (`id-ID`, `en_US`, as an `Accept-Language` header names them).
    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" | "english" => Some(Lang::En),
            "id" | "indonesia" | "indonesian" | "bahasa" => Some(Lang::Id),
            _ => None,
        }
    }

    /// The language's code: `en` or `id`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }
}

/// A message in both languages. As an error (`std::error::Error`, `Display`) it shows in English;
/// [`Text::get`] gives either.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// In English.
    pub en: String,
    /// In Indonesian.
    pub id: String,
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for Text {}

impl Text {
    /// A message from its English and Indonesian words.
    pub fn new(en: impl Into<String>, id: impl Into<String>) -> Text {
        Text { en: en.into(), id: id.into() }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Id => &self.id,
        }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The policy cannot be compiled.
    Error,
    /// The policy compiles, but something in it is probably not what was meant.
    Warning,
}

/// A problem found in a policy, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// An error or a warning.
    pub severity: Severity,
    /// A stable code, e.g. `unknown-name`, `type-mismatch`, `syntax`.
    pub code: &'static str,
    /// What is wrong, in English and Indonesian.
    pub message: Text,
    /// What to do about it ("did you mean …"), when the engine can say.
    pub help: Option<Text>,
    /// Where: a byte range of the policy source (or of `file`).
    pub span: Span,
    /// The helper file and the line in it the problem is at (`lib.rhai:2`), when it is in a
    /// helper file; the span is then the policy's `helpers "lib.rhai"` declaration.
    pub file: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(code: &'static str, span: Span, message: Text) -> Diagnostic {
        Diagnostic { severity: Severity::Error, code, message, help: None, span, file: None }
    }

    /// A warning at `span`.
    pub fn warning(code: &'static str, span: Span, message: Text) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, code, message, help: None, span, file: None }
    }

    /// The diagnostic with this help text.
    pub fn with_help(mut self, help: Text) -> Diagnostic {
        self.help = Some(help);
        self
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The flat, serialisable form in one language, with line/column positions computed in `source`.
    /// (For many diagnostics of one source, [`views`] finds the lines once.)
    pub fn view(&self, source: &str, lang: Lang) -> DiagnosticView {
        self.view_in(&Lines::of(source), lang)
    }

    fn view_in(&self, lines: &Lines<'_>, lang: Lang) -> DiagnosticView {
        // A place at the end of the file (`found the end of the file`) is the end itself: no
        // offset past it, for a caller slicing the source with `start..end`.
        let (start_byte, end_byte) = {
            let len = lines.source.len();
            let start = self.span.start.min(len);
            (start, self.span.end.clamp(start, len))
        };
        let start = lines.position(start_byte);
        let end = lines.position(end_byte);
        DiagnosticView {
            severity: self.severity,
            code: self.code.to_string(),
            message: self.message.get(lang).to_string(),
            help: self.help.as_ref().map(|h| h.get(lang).to_string()),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            start: start_byte,
            end: end_byte,
            start_utf16: start.utf16,
            end_utf16: end.utf16,
            file: self.file.clone(),
        }
    }
}

/// A diagnostic as data: what `aturan check --format json`, Python and the browser receive.
/// Lines and columns are 1-based (columns count characters); `start`/`end` are byte offsets and
/// `start_utf16`/`end_utf16` offsets in UTF-16 code units (what browser editors use).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticView {
    /// `error` or `warning`.
    pub severity: Severity,
    /// The stable code (`unknown-name`).
    pub code: String,
    /// What is wrong, in the chosen language.
    pub message: String,
    /// What to do about it, when the engine can say.
    pub help: Option<String>,
    /// The line where it starts.
    pub line: usize,
    /// The column where it starts, in characters.
    pub column: usize,
    /// The line where it ends.
    pub end_line: usize,
    /// The column where it ends (the character after it).
    pub end_column: usize,
    /// The byte offset where it starts.
    pub start: usize,
    /// The byte offset where it ends.
    pub end: usize,
    /// Where it starts, in UTF-16 code units from the start of the source.
    pub start_utf16: usize,
    /// Where it ends, in UTF-16 code units.
    pub end_utf16: usize,
    /// The helper file and line the problem is at (`lib.rhai:2`), when it is in a helper file;
    /// `line` and `column` are then those of the policy's `helpers "lib.rhai"` declaration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// The views of many diagnostics of one source: the lines are found once, so that thousands of
/// diagnostics take time in proportion to the source, not to the source times their number.
pub fn views(source: &str, diagnostics: &[Diagnostic], lang: Lang) -> Vec<DiagnosticView> {
    let lines = Lines::of(source);
    diagnostics.iter().map(|d| d.view_in(&lines, lang)).collect()
}

#[derive(Clone, Copy)]
struct Position {
    line: usize,
    column: usize,
    utf16: usize,
}

/// Where each line of a source starts: its byte offset and its offset in UTF-16 code units; the
/// line and column of a byte are then found in a few steps, however long the source.
pub struct Lines<'s> {
    source: &'s str,
    starts: Vec<(usize, usize)>,
    /// The last two bytes asked for (a diagnostic's start and end) and their positions: the next
    /// one further along the same line is counted on from the nearer (thousands of errors on one
    /// long line cost one pass over it, not one each).
    last: [std::cell::Cell<Option<(usize, Position)>>; 2],
}

impl<'s> Lines<'s> {
    /// The lines of `source`.
    pub fn of(source: &'s str) -> Lines<'s> {
        let mut starts = vec![(0, 0)];
        let mut utf16 = 0;
        for (i, c) in source.char_indices() {
            utf16 += c.len_utf16();
            if c == '\n' {
                starts.push((i + 1, utf16));
            }
        }
        Lines { source, starts, last: Default::default() }
    }

    /// The line of `byte`, from 1.
    pub fn line(&self, byte: usize) -> usize {
        self.starts.partition_point(|&(start, _)| start <= byte).max(1)
    }

    /// The line and column (in characters) of `byte`, both from 1, as diagnostics give them.
    pub fn line_column(&self, byte: usize) -> (usize, usize) {
        let p = self.position(byte);
        (p.line, p.column)
    }

    fn position(&self, byte: usize) -> Position {
        // The last line starting at or before `byte`.
        let line = self.starts.partition_point(|&(start, _)| start <= byte).saturating_sub(1);
        let (start, utf16) = self.starts.get(line).copied().unwrap_or((0, 0));
        let known = self.last.iter().filter_map(std::cell::Cell::get);
        let (start, mut pos) = match known.filter(|(at, p)| p.line == line + 1 && *at <= byte).max_by_key(|(at, _)| *at)
        {
            Some(near) => near,
            None => (start, Position { line: line + 1, column: 1, utf16 }),
        };
        let pos = {
            for (i, c) in self.source.get(start..).unwrap_or("").char_indices() {
                if start + i >= byte || c == '\n' {
                    break;
                }
                pos.utf16 += c.len_utf16();
                if start + i == 0 && c == '\u{feff}' {
                    // A byte-order mark takes no column: editors count from the character after it.
                } else {
                    pos.column += 1;
                }
            }
            pos
        };
        // Where the count stopped: `byte` itself, or the line's end before it.
        let stopped =
            byte.min(self.starts.get(line + 1).map_or(self.source.len(), |&(next, _)| next.saturating_sub(1)));
        if self.source.is_char_boundary(stopped) {
            // The older of the two gives way.
            let [a, b] = &self.last;
            a.set(b.replace(Some((stopped, pos))));
        }
        pos
    }
}

/// Renders diagnostics as text with a source snippet and a caret under the problem, the way the
/// CLI prints them and Python's `str(PolicyError)` shows them.
pub fn render(file_name: &str, source: &str, diagnostics: &[Diagnostic], lang: Lang) -> String {
    // A byte-order mark is shown as nothing, so the snippet leaves it out and the spans move back
    // by its length: the columns and carets are those an editor shows.
    let (source, shift) = match source.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (source, 0),
    };
    let file = SimpleFile::new(file_name, source);
    let config = term::Config::default();
    let mut text = String::new();
    for d in diagnostics {
        let mut out = NoColor::new(Vec::new());
        let severity = match d.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let start = d.span.start.saturating_sub(shift).min(source.len());
        let end = d.span.end.saturating_sub(shift).clamp(start, source.len());
        // A line too long to read whole (a paragraph pasted on one line, a generated policy) is
        // shown around the place, cut with `…`; its line and column stay those of the file.
        let window = (d.file.is_none()).then(|| Window::around(file_name, source, start, end)).flatten();
        let (start, end) = window.as_ref().map_or((start, end), |w| (w.start, w.end));
        let mut cs = CsDiagnostic::new(severity).with_code(d.code).with_message(d.message.get(lang));
        if d.file.is_none() {
            cs = cs.with_labels(vec![Label::primary((), start..end)]);
        }
        let id = lang == Lang::Id;
        let mut notes = Vec::new();
        if let Some(file) = &d.file {
            notes.push(format!("{} {file}", if id { "di" } else { "in" }));
        }
        if let Some(help) = &d.help {
            notes.push(format!("{}: {}", if id { "bantuan" } else { "help" }, help.get(lang)));
        }
        cs = cs.with_notes(notes);
        let emitted = match &window {
            Some(w) => term::emit(&mut out, &config, w, &cs),
            None => term::emit(&mut out, &config, &file, &cs),
        };
        if emitted.is_err() {
            let _ = writeln!(PlainSink(&mut out), "{}: {}", d.code, d.message.get(lang));
        }
        let one = String::from_utf8_lossy(&out.into_inner()).into_owned();
        // The renderer's own words, `error[…]` and `warning[…]`, in the reader's language.
        let (en, ind) = match d.severity {
            Severity::Error => ("error[", "kesalahan["),
            Severity::Warning => ("warning[", "peringatan["),
        };
        match one.strip_prefix(en) {
            Some(rest) if id => {
                text.push_str(ind);
                text.push_str(rest);
            }
            _ => text.push_str(&one),
        }
    }
    text
}

/// A line longer than this many characters is shown cut around the place a diagnostic points at.
const LONG_LINE: usize = 240;
/// Characters shown on each side of the place in a cut line.
const AROUND: usize = 80;

/// The source with the one line a diagnostic points at cut to [`AROUND`] characters on each side
/// of the place (`…` where it is cut), for the renderer: its line numbers are the file's, and
/// its columns on that line count the characters cut away.
struct Window<'a> {
    name: &'a str,
    text: String,
    starts: Vec<usize>,
    /// The index of the cut line, and the characters cut from its start (less the `…`).
    line: usize,
    cut: usize,
    /// The place, in `text`.
    start: usize,
    end: usize,
}

impl<'a> Window<'a> {
    fn around(name: &'a str, source: &str, start: usize, end: usize) -> Option<Window<'a>> {
        let line_start = source.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
        let line_end = source.get(start..)?.find('\n').map_or(source.len(), |i| start + i);
        let line = source.get(line_start..line_end)?;
        if line.chars().count() <= LONG_LINE {
            return None;
        }
        // AROUND characters before the place and after its end (on this line), on boundaries.
        let before = source.get(line_start..start)?;
        let from = before.char_indices().rev().nth(AROUND - 1).map_or(line_start, |(i, _)| line_start + i);
        let end = end.min(line_end).max(start);
        let after = source.get(end..line_end)?;
        let to = after.char_indices().nth(AROUND).map_or(line_end, |(i, _)| end + i);
        let (head, tail) = (if from > line_start { "…" } else { "" }, if to < line_end { "…" } else { "" });
        let text =
            format!("{}{head}{}{tail}{}", source.get(..line_start)?, source.get(from..to)?, source.get(line_end..)?);
        let moved = |at: usize| line_start + head.len() + (at - from);
        let cut = source.get(line_start..from)?.chars().count().saturating_sub(head.chars().count());
        let starts = codespan_reporting::files::line_starts(&text).collect();
        let line = source.get(..line_start)?.matches('\n').count();
        Some(Window { name, text, starts, line, cut, start: moved(start), end: moved(end) })
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Window<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.starts.binary_search(&byte_index).unwrap_or_else(|next| next.saturating_sub(1)))
    }

    fn line_range(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        let start = *self.starts.get(line_index).ok_or(codespan_reporting::files::Error::LineTooLarge {
            given: line_index,
            max: self.starts.len().saturating_sub(1),
        })?;
        let end = self.starts.get(line_index + 1).copied().unwrap_or(self.text.len());
        Ok(start..end)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let range = self.line_range((), line_index)?;
        let column = codespan_reporting::files::column_index(&self.text, range, byte_index) + 1;
        Ok(if line_index == self.line { column + self.cut } else { column })
    }
}

struct PlainSink<'a>(&'a mut NoColor<Vec<u8>>);

impl std::fmt::Write for PlainSink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        use std::io::Write;
        self.0.write_all(s.as_bytes()).map_err(|_| std::fmt::Error)
    }
}

/// Help for a number written with its thousands separated (`1.500`, `35,000,000`): `plain`, the
/// number to write.
pub fn thousands_help(plain: &str, written: &str) -> Text {
    Text::new(
        format!("numbers are written without thousands separators: `{plain}`, not `{written}`"),
        format!("bilangan ditulis tanpa pemisah ribuan: `{plain}`, bukan `{written}`"),
    )
}

/// Help for a decimal written with a comma, as Indonesian writes it (`86,5`): the number to write.
pub fn decimal_comma_help(whole: &str, fraction: &str) -> Text {
    // `37,000`: thirty-seven as Indonesian writes a decimal, or thirty-seven thousand as English
    // writes thousands.
    if fraction.len() == 3 && fraction.ends_with('0') && (1..=3).contains(&whole.trim_start_matches('-').len()) {
        return Text::new(
            format!("decimals are written with a point (`{whole}.{fraction}`) and thousands without a separator (`{whole}{fraction}`), not `{whole},{fraction}`"),
            format!("bilangan desimal ditulis dengan titik (`{whole}.{fraction}`) dan ribuan tanpa pemisah (`{whole}{fraction}`), bukan `{whole},{fraction}`"),
        );
    }
    Text::new(
        format!("decimals are written with a point: `{whole}.{fraction}`, not `{whole},{fraction}`"),
        format!("bilangan desimal ditulis dengan titik: `{whole}.{fraction}`, bukan `{whole},{fraction}`"),
    )
}

/// Whether a number is written as Indonesian writes thousands (`37.000`, `1.250`): groups of
/// three digits after a point, the last ending in 0 (a decimal with three places rarely does).
pub fn thousands_like(v: &str) -> bool {
    let v = v.strip_prefix('-').unwrap_or(v);
    let mut groups = v.split('.');
    let head = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    (1..=3).contains(&head.len())
        && head.bytes().all(|b| b.is_ascii_digit())
        && !rest.is_empty()
        && rest.iter().all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
        && v.ends_with('0')
}

/// A number written with its thousands separated, the number it means written plainly:
/// `35.000.000` and `35,000,000` are 35000000, `1,234,567.5` is 1234567.5, and `37.000` (as
/// Indonesian writes thirty-seven thousand, see [`thousands_like`]) is 37000. A single comma
/// (`86,5`) is a decimal comma, not this.
pub fn plain_thousands(s: &str) -> Option<String> {
    if thousands_like(s) {
        return Some(s.replace('.', ""));
    }
    let (sign, unsigned) = s.strip_prefix('-').map_or(("", s), |u| ("-", u));
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, fr)) if w.contains(',') && !fr.is_empty() && fr.bytes().all(|b| b.is_ascii_digit()) => (w, Some(fr)),
        _ => (unsigned, None),
    };
    let sep = if fraction.is_some() { ',' } else { *[',', '.'].iter().find(|c| whole.matches(**c).count() >= 2)? };
    let mut groups = whole.split(sep);
    let head = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let ok = (1..=3).contains(&head.len())
        && digits(head)
        && !rest.is_empty()
        && rest.iter().all(|g| g.len() == 3 && digits(g));
    ok.then(|| {
        let plain: String = std::iter::once(head).chain(rest.iter().copied()).collect();
        match fraction {
            Some(fr) => format!("{sign}{plain}.{fr}"),
            None => format!("{sign}{plain}"),
        }
    })
}

/// Help for a date written another way than `YYYY-MM-DD`: in quotes, or as a form writes it
/// (`2025-1-5`); `iso` is the date as it is written.
pub fn date_help(iso: &str, quoted: bool) -> Text {
    if quoted {
        Text::new(
            format!("a date is written without quotes: `{iso}`"),
            format!("tanggal ditulis tanpa tanda kutip: `{iso}`"),
        )
    } else {
        Text::new(
            format!("dates are written year-month-day, with two digits for the month and day: `{iso}`"),
            format!("tanggal ditulis tahun-bulan-hari, dengan dua angka untuk bulan dan hari: `{iso}`"),
        )
    }
}

/// A date as forms and spreadsheets write it (`31/12/2025`, `31.12.2025`, `2025-1-5`), as
/// `YYYY-MM-DD`; `None` for anything else.
pub fn written_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    let digits =
        |n: &str, len: std::ops::RangeInclusive<usize>| len.contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit());
    let (y, m, d) = match parts.as_slice() {
        [d, m, y] if digits(y, 4..=4) && digits(d, 1..=2) && digits(m, 1..=2) => (*y, *m, *d),
        [y, m, d] if digits(y, 4..=4) && digits(d, 1..=2) && digits(m, 1..=2) => (*y, *m, *d),
        _ => return None,
    };
    Some(format!("{y}-{m:0>2}-{d:0>2}"))
}

/// A date written out in words (`1 Oktober 2021`, `31 Des 2025`, `5 March 2024`), as
/// `YYYY-MM-DD`; `None` for anything else, and for a day the month does not have.
pub fn spelled_date(text: &str) -> Option<String> {
    const MONTHS: [&[&str]; 12] = [
        &["januari", "january", "jan"],
        &["februari", "pebruari", "february", "feb", "peb"],
        &["maret", "march", "mar"],
        &["april", "apr"],
        &["mei", "may"],
        &["juni", "june", "jun"],
        &["juli", "july", "jul"],
        &["agustus", "august", "agu", "agt", "aug", "ags"],
        &["september", "sep", "sept"],
        &["oktober", "october", "okt", "oct"],
        &["november", "nopember", "nov", "nop"],
        &["desember", "december", "des", "dec"],
    ];
    let mut words = text.split_whitespace();
    let (d, m, y) = (words.next()?, words.next()?, words.next()?);
    let y = y.trim_end_matches(|c: char| !c.is_ascii_digit());
    let m = m.trim_end_matches(['.', ',']).to_lowercase();
    let month = MONTHS.iter().position(|names| names.contains(&m.as_str()))? + 1;
    let (Ok(day), Ok(year)) = (d.parse::<u32>(), y.parse::<i32>()) else { return None };
    if y.len() != 4 {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=days).contains(&day) || !(1..=9999).contains(&year) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// The closest of `candidates` to `name`, for "did you mean" help.
/// Case is compared last: `pns` suggests `PNS`.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        // Between names alike but for case, the one alike in case too.
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()) + strsim::jaro_winkler(name, c) / 1000.0, c))
        .filter(|(score, _)| *score > 0.8)
        // Between names alike as closely, the first in alphabetical order: the same suggestion
        // whatever order the names come in (a map's order changes from run to run).
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, render, views, Diagnostic};
    use crate::{Lang, Span, Text};

    #[test]
    fn a_place_on_a_very_long_line_is_shown_around_it_with_the_files_line_and_column() {
        // A citation pasted whole: the snippet printed all 6,000 characters of the line.
        let long = "PP 94/2021 Pasal 9 ".repeat(300);
        let src = format!("policy \"L\"\nrule r \"R\" source \"{long}\" when x >> 1\n");
        let at = src.find(">>").unwrap() + 1;
        let d = Diagnostic::error("syntax", Span::new(at, at + 1), Text::new("found `>`", "ditemukan `>`"));
        let shown = render("long.aturan", &src, &[d], Lang::En);
        let column = src[..at].rsplit('\n').next().unwrap().chars().count() + 1;
        assert!(shown.contains(&format!("long.aturan:2:{column}")), "{shown}");
        assert!(shown.lines().all(|l| l.chars().count() < 200), "{shown}");
        // The caret is under the place: the `>` after the `>` in the cut line.
        let lines: Vec<&str> = shown.lines().collect();
        let (code, caret) = (
            lines.iter().position(|l| l.contains("when x >> 1")).unwrap(),
            lines.iter().position(|l| l.trim_end().ends_with('^')).unwrap(),
        );
        let under = lines[caret].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[code].chars().nth(under), Some('>'));
        assert_eq!(lines[code].chars().nth(under - 1), Some('>'));
        assert!(lines[code].contains("│ …"), "{shown}");
        // A short line is shown whole, as before.
        let short = "policy \"S\"\nrule r \"R\" when x >> 1\n";
        let at = short.find(">>").unwrap() + 1;
        let d = Diagnostic::error("syntax", Span::new(at, at + 1), Text::new("found `>`", "ditemukan `>`"));
        assert!(render("s.aturan", short, &[d], Lang::En).contains("2 │ rule r \"R\" when x >> 1"));
    }

    #[test]
    fn suggestions_look_past_case_and_small_slips() {
        assert_eq!(did_you_mean("pns", ["PNS", "CPNS", "PPPK"]), Some("PNS"));
        assert_eq!(did_you_mean("alpa_haari", ["alpa_hari", "nilai_skp"]), Some("alpa_hari"));
        assert_eq!(did_you_mean("kinerjA", ["kinerja", "Kinerja"]), Some("kinerja"));
        assert_eq!(did_you_mean("zzz", ["PNS", "CPNS"]), None);
        // Alike as closely: the same one in any order (names come from maps in no fixed order).
        assert_eq!(did_you_mean("a", ["ab", "ac"]), Some("ab"));
        assert_eq!(did_you_mean("a", ["ac", "ab"]), Some("ab"));
    }

    #[test]
    fn positions_are_lines_columns_and_utf16_offsets_at_every_byte() {
        let source = "\u{feff}policy \"Ké\"\n// 😀 komentar\r\nrule r\n\nwhen x ≥ 1";
        // Counted the plain way: every character before the byte.
        let expected = |byte: usize| {
            let (mut line, mut column, mut utf16) = (1, 1, 0);
            for (i, c) in source.char_indices().take_while(|(i, _)| *i < byte) {
                utf16 += c.len_utf16();
                if c == '\n' {
                    (line, column) = (line + 1, 1);
                } else if !(i == 0 && c == '\u{feff}') {
                    column += 1;
                }
            }
            (line, column, utf16)
        };
        let all: Vec<Diagnostic> = (0..=source.len() + 2)
            .filter(|b| source.is_char_boundary(*b) || *b > source.len())
            .map(|b| Diagnostic::error("x", Span::new(b, b), Text::new("m", "m")))
            .collect();
        for v in views(source, &all, Lang::En) {
            assert_eq!((v.line, v.column, v.start_utf16), expected(v.start), "byte {}", v.start);
            // Past the end is the end: `source[start..end]` slices.
            assert!(v.start <= v.end && v.end <= source.len(), "{v:?}");
        }
        // Asked in any order (a position counted on from the one before must be the same).
        let mut jumbled = all.clone();
        jumbled.reverse();
        let half = jumbled.len() / 2;
        jumbled.rotate_left(half);
        for (k, d) in jumbled.iter().enumerate().filter(|(k, _)| k % 3 == 0) {
            let mut again = jumbled.clone();
            again.insert(0, d.clone());
            let v = &views(source, &again, Lang::En)[k + 1];
            assert_eq!((v.line, v.column, v.start_utf16), expected(v.start), "byte {}", v.start);
        }
        for v in views(source, &jumbled, Lang::En) {
            assert_eq!((v.line, v.column, v.start_utf16), expected(v.start), "byte {}", v.start);
            assert_eq!((v.end_line, v.end_column, v.end_utf16), expected(v.end), "byte {}", v.end);
        }
    }
}
