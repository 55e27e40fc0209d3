//! JSON text as the engine reads it: a byte-order mark at the start is skipped, and an object that
//! names a field twice (`{"alpa_hari": 3, "alpa_hari": 30}`) is refused. JSON parsers disagree on
//! which of the two counts, so an HR export with a repeated field would be decided on a guess.

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

/// Why JSON text was refused.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// Not JSON (serde_json's message), at `line`:`column`.
    #[error("{} at line {line} column {column}", self.what(aturan_dsl::Lang::En))]
    Syntax {
        /// What the reader said.
        error: serde_json::Error,
        /// Where the text breaks (1-based).
        line: usize,
        /// The column on that line (1-based, in characters).
        column: usize,
    },
    /// A decimal written with a comma (`"nilai_skp": 86,5`), as Indonesian writes it; the `5` is
    /// at `line`:`column`.
    #[error("{} at line {line} column {column}", self.what(aturan_dsl::Lang::En))]
    DecimalComma {
        /// The digits before the comma.
        whole: String,
        /// The digits after it.
        fraction: String,
        /// Where the digits after the comma are (1-based).
        line: usize,
        /// The column on that line (1-based, in characters).
        column: usize,
    },
    /// A number with its thousands separated by points (`3.500.000`), as Indonesian writes it,
    /// at `line`:`column` (the second point).
    #[error("{} at line {line} column {column}", self.what(aturan_dsl::Lang::En))]
    Thousands {
        /// The number as written.
        written: String,
        /// The number to write.
        plain: String,
        /// Where the text breaks (1-based).
        line: usize,
        /// The column on that line (1-based, in characters).
        column: usize,
    },
    /// A comma right after another (`"a": 1,, "b": 2`, `[1,,2]`), at `line`:`column` (the second).
    #[error("{} at line {line} column {column}", self.what(aturan_dsl::Lang::En))]
    ExtraComma {
        /// Where the second comma is (1-based).
        line: usize,
        /// The column on that line (1-based, in characters).
        column: usize,
    },
    /// `NaN` or `Infinity`, which are no JSON (Python's `json.dumps` writes `NaN` for a missing
    /// float), at `line`:`column`.
    #[error("{} at line {line} column {column}", self.what(aturan_dsl::Lang::En))]
    NotANumber {
        /// `NaN`, `Infinity` or `-Infinity`.
        word: String,
        /// Where it is (1-based).
        line: usize,
        /// The column on that line (1-based, in characters).
        column: usize,
    },
    /// A curly quote (`“`, `‘`) where JSON has a straight `"`, as a word processor or a chat
    /// writes it, at `line`:`column`.
    #[error("{} at line {line} column {column}", self.what(aturan_dsl::Lang::En))]
    CurlyQuote {
        /// The quote found.
        quote: char,
        /// Where it is (1-based).
        line: usize,
        /// The column on that line (1-based, in characters).
        column: usize,
    },
    /// A second JSON document after the first (objects printed one after another, as a tool
    /// exporting one employee at a time writes them), starting at `line`:`column`.
    #[error("{}", self.message(aturan_dsl::Lang::En))]
    Concatenated {
        /// Where the second document starts (1-based).
        line: usize,
        /// The column on that line (1-based, in characters).
        column: usize,
    },
    /// An object names `name` twice; the second one is at `line`:`column`.
    #[error("{} at line {line} column {column}", self.what(aturan_dsl::Lang::En))]
    Duplicate {
        /// The field's name.
        name: String,
        /// Where its second occurrence is (1-based).
        line: usize,
        /// The column on that line (1-based, in characters).
        column: usize,
    },
}

impl JsonError {
    /// What is wrong, without where.
    pub fn what(&self, lang: aturan_dsl::Lang) -> String {
        match (self, lang) {
            (JsonError::Syntax { error, .. }, _) => {
                let text = error.to_string();
                let what = text.rfind(" at line ").and_then(|i| text.get(..i)).unwrap_or(&text);
                let surrogate = what.contains("surrogate") || what.contains("hex escape");
                let what = match lang {
                    aturan_dsl::Lang::En => in_english(what),
                    aturan_dsl::Lang::Id => in_indonesian(what),
                };
                if surrogate {
                    // `"\ud800"` alone: what JavaScript writes for a broken string.
                    let hint = match lang {
                        aturan_dsl::Lang::En => "a lone UTF-16 surrogate (such as \\ud800) is not valid text",
                        aturan_dsl::Lang::Id => "surogat UTF-16 tunggal (seperti \\ud800) bukan teks yang sah",
                    };
                    format!("{what}: {hint}")
                } else {
                    what.to_string()
                }
            }
            (JsonError::DecimalComma { whole, fraction, .. }, lang) => {
                aturan_dsl::decimal_comma_help(whole, fraction).get(lang).to_string()
            }
            (JsonError::Thousands { written, plain, .. }, lang) => {
                aturan_dsl::thousands_help(plain, written).get(lang).to_string()
            }
            (JsonError::ExtraComma { .. }, aturan_dsl::Lang::En) => {
                "a comma right after another: a value or a field is missing between them, or one comma is too many".to_string()
            }
            (JsonError::ExtraComma { .. }, aturan_dsl::Lang::Id) => {
                "koma tepat setelah koma lain: ada nilai atau isian yang hilang di antaranya, atau satu koma berlebih".to_string()
            }
            (JsonError::NotANumber { word, .. }, aturan_dsl::Lang::En) => {
                format!("`{word}` is no JSON value (Python's json.dumps writes NaN for a missing number): write null, or leave the field out")
            }
            (JsonError::NotANumber { word, .. }, aturan_dsl::Lang::Id) => {
                format!("`{word}` bukan nilai JSON (json.dumps Python menulis NaN untuk bilangan yang kosong): tulis null, atau hilangkan isiannya")
            }
            (JsonError::CurlyQuote { quote, .. }, aturan_dsl::Lang::En) => {
                format!("`{quote}` is a curly quote (from a word processor): JSON writes texts and field names in straight double quotes, `\"`")
            }
            (JsonError::CurlyQuote { quote, .. }, aturan_dsl::Lang::Id) => {
                format!("`{quote}` adalah tanda kutip lengkung (dari pengolah kata): JSON menulis teks dan nama isian dalam tanda kutip ganda lurus, `\"`")
            }
            (JsonError::Concatenated { .. }, aturan_dsl::Lang::En) => {
                "a second JSON document starts here: give several employees as one array ([{…}, {…}]) or as NDJSON, one object per line".to_string()
            }
            (JsonError::Concatenated { .. }, aturan_dsl::Lang::Id) => {
                "dokumen JSON kedua dimulai di sini: berikan beberapa pegawai sebagai satu larik ([{…}, {…}]) atau NDJSON, satu objek per baris".to_string()
            }
            (JsonError::Duplicate { name, .. }, aturan_dsl::Lang::En) => {
                format!("the field `{name}` is given twice in one object (which one counts would be a guess)")
            }
            (JsonError::Duplicate { name, .. }, aturan_dsl::Lang::Id) => {
                format!("isian `{name}` diberikan dua kali dalam satu objek (mana yang berlaku hanya tebakan)")
            }
        }
    }

    /// What is wrong and where, in one language.
    pub fn message(&self, lang: aturan_dsl::Lang) -> String {
        let (what, line, column) = (self.what(lang), self.line(), self.column());
        // Where the second document starts is part of what is wrong, said first.
        if let JsonError::Concatenated { .. } = self {
            let (head, rest) = what.split_once(':').unwrap_or((&what, ""));
            return match lang {
                aturan_dsl::Lang::En => {
                    format!("{} at line {line} column {column}:{rest}", head.trim_end_matches(" here"))
                }
                aturan_dsl::Lang::Id => {
                    format!("{} pada baris {line} kolom {column}:{rest}", head.trim_end_matches(" di sini"))
                }
            };
        }
        match lang {
            aturan_dsl::Lang::En => format!("{what} at line {line} column {column}"),
            aturan_dsl::Lang::Id => format!("{what} pada baris {line} kolom {column}"),
        }
    }

    /// What is wrong with line `line` of a larger text (NDJSON), this error being that line's
    /// alone: "line 2 is not JSON (column 2): …", or for JSON that reads but is refused (a field
    /// named twice) "line 2, column 9: …".
    pub fn in_line(&self, line: usize) -> aturan_dsl::Text {
        let column = self.column();
        let (en, id) = (self.what(aturan_dsl::Lang::En), self.what(aturan_dsl::Lang::Id));
        if self.is_syntax() {
            aturan_dsl::Text::new(
                format!("line {line} is not JSON (column {column}): {en}"),
                format!("baris {line} bukan JSON (kolom {column}): {id}"),
            )
        } else {
            aturan_dsl::Text::new(
                format!("line {line}, column {column}: {en}"),
                format!("baris {line}, kolom {column}: {id}"),
            )
        }
    }

    /// The line where the text breaks (1-based).
    pub fn line(&self) -> usize {
        match self {
            JsonError::Syntax { line, .. }
            | JsonError::DecimalComma { line, .. }
            | JsonError::Thousands { line, .. }
            | JsonError::ExtraComma { line, .. }
            | JsonError::NotANumber { line, .. }
            | JsonError::CurlyQuote { line, .. }
            | JsonError::Concatenated { line, .. }
            | JsonError::Duplicate { line, .. } => *line,
        }
    }

    /// Whether the text is not JSON at all (rather than JSON that the engine refuses: a field
    /// named twice).
    pub fn is_syntax(&self) -> bool {
        !matches!(self, JsonError::Duplicate { .. })
    }

    /// The column where the text breaks (1-based, in characters: `"éé"` is two).
    pub fn column(&self) -> usize {
        match self {
            JsonError::Syntax { column, .. }
            | JsonError::DecimalComma { column, .. }
            | JsonError::Thousands { column, .. }
            | JsonError::ExtraComma { column, .. }
            | JsonError::NotANumber { column, .. }
            | JsonError::CurlyQuote { column, .. }
            | JsonError::Concatenated { column, .. }
            | JsonError::Duplicate { column, .. } => *column,
        }
    }

    fn syntax(text: &str, error: serde_json::Error) -> JsonError {
        let (line, column) = (error.line(), char_column(text, error.line(), error.column()));
        // Where the reader stopped (a field name or a value expected): a curly quote is the cause.
        let at = text.lines().nth(line.saturating_sub(1)).and_then(|l| l.chars().nth(column.saturating_sub(1)));
        if let Some(quote) = at.filter(|c| matches!(c, '“' | '”' | '‘' | '’' | '„' | '«' | '»')) {
            return JsonError::CurlyQuote { quote, line, column };
        }
        if matches!(at, Some('{' | '[')) && error.to_string().starts_with("trailing characters") {
            return JsonError::Concatenated { line, column };
        }
        let chars: Vec<char> = text.lines().nth(line.saturating_sub(1)).unwrap_or("").chars().collect();
        let here = column.saturating_sub(1);
        // `3.500.000`: the reader stops at the second point (one point is a decimal JSON reads).
        if at == Some('.') {
            let number = |c: &char| c.is_ascii_digit() || *c == '.';
            let start = chars.get(..here).map_or(here, |b| here - b.iter().rev().take_while(|c| number(c)).count());
            let end = here + chars.get(here..).map_or(0, |a| a.iter().take_while(|c| number(c)).count());
            let written: String = chars.get(start..end).unwrap_or_default().iter().collect();
            if written.matches('.').count() >= 2 {
                if let Some(plain) = aturan_dsl::plain_thousands(&written) {
                    return JsonError::Thousands { written, plain, line, column };
                }
            }
        }
        // `1,,`: the reader stops at the second comma, wanting a field name or a value there.
        if at == Some(',')
            && chars.get(..here).is_some_and(|b| b.iter().rev().find(|c| !c.is_whitespace()) == Some(&','))
        {
            return JsonError::ExtraComma { line, column };
        }
        // `NaN`, `Infinity`, `-Infinity`: the reader stops at their first letter.
        let rest: String = chars.get(here..).unwrap_or_default().iter().take(8).collect();
        if let Some(word) = ["NaN", "Infinity"].into_iter().find(|w| rest.starts_with(w)) {
            let minus = here > 0 && chars.get(here - 1) == Some(&'-') && word == "Infinity";
            let word = if minus { format!("-{word}") } else { word.to_string() };
            return JsonError::NotANumber { word, line, column };
        }
        JsonError::Syntax { error, line, column }
    }
}

/// The reader counts a line's columns in bytes; a reader of the text counts characters.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let start = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    let before = text.get(start..start + byte_column.saturating_sub(1));
    // At the end of the text after a line break the reader says column 0.
    before.map_or(byte_column, |b| b.chars().count() + 1).max(1)
}

/// What the JSON reader says is wrong, in plainer English where its words are a parser's
/// (`EOF while parsing a value`); other text as it is.
fn in_english(what: &str) -> &str {
    match what {
        "EOF while parsing a list" => "the text ends inside a list (a `]` is missing)",
        "EOF while parsing an object" => "the text ends inside an object (a `}` is missing)",
        "EOF while parsing a string" => "the text ends inside a string (a closing `\"` is missing)",
        "EOF while parsing a value" => "the text ends before a value",
        "expected ident" => "expected true, false or null",
        "expected value" => "expected a value (text goes in double quotes)",
        "key must be a string" => "field names go in double quotes (\"alpa_hari\": 3)",
        "trailing characters" => "there is text after the end of the JSON",
        "recursion limit exceeded" => "lists and objects nest more than 127 deep here (in any field, declared or not)",
        other => other,
    }
}

/// What the JSON reader says is wrong, in Indonesian (its words are English); other text as it is.
fn in_indonesian(what: &str) -> &str {
    match what {
        TOO_MANY_VALUES => "dokumen memuat lebih dari 3000000 nilai",
        "EOF while parsing a list" => "teks berakhir di tengah daftar (`]` kurang)",
        "EOF while parsing an object" => "teks berakhir di tengah objek (`}` kurang)",
        "EOF while parsing a string" => "teks berakhir di tengah string (`\"` penutup kurang)",
        "EOF while parsing a value" => "teks berakhir sebelum nilai",
        "expected `:`" => "diharapkan `:`",
        "expected `,` or `]`" => "diharapkan `,` atau `]`",
        "expected `,` or `}`" => "diharapkan `,` atau `}`",
        "expected ident" => "diharapkan true, false atau null",
        "expected value" => "diharapkan nilai (teks ditulis dalam tanda kutip ganda)",
        "expected `\"`" => "diharapkan `\"`",
        "invalid escape" => "escape tidak sah",
        "invalid number" => "angka tidak sah",
        "number out of range" => "angka di luar jangkauan",
        "invalid unicode code point" => "kode Unicode tidak sah",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "karakter kendali (\\u0000-\\u001F) di dalam string"
        }
        "key must be a string" => "nama isian harus dalam tanda kutip ganda (\"alpa_hari\": 3)",
        "trailing comma" => "koma berlebih sebelum penutup",
        "trailing characters" => "ada teks setelah akhir JSON",
        "recursion limit exceeded" => {
            "daftar dan objek bersarang lebih dari 127 tingkat di sini (di isian mana pun, dideklarasikan atau tidak)"
        }
        "lone leading surrogate in hex escape" | "unexpected end of hex escape" => "escape \\u tidak lengkap",
        other => other,
    }
}

/// The most values (numbers, texts, items, fields…) one JSON document may hold: an employee's
/// facts hold far fewer (a list holds at most 100,000 items). Counted before any is built, as a
/// value built takes some hundred bytes: ten megabytes of `0,0,0,…` took a gigabyte.
pub const MAX_JSON_VALUES: usize = 3_000_000;

/// What the count of [`MAX_JSON_VALUES`] says when it is passed (translated by `in_indonesian`).
const TOO_MANY_VALUES: &str = "the document holds more than 3000000 values";

std::thread_local! {
    /// Values the document being checked by [`unique`] has shown so far.
    static VALUES_SEEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Parses JSON text (facts, a case file, options), refusing a field named twice in one object,
/// and a document of more than [`MAX_JSON_VALUES`] values before building them.
pub fn parse_json(text: &str) -> Result<Json, JsonError> {
    let text = crate::without_bom(text);
    // Checked first (it builds nothing): a text that is not JSON gives the reader's own error,
    // from the reading that builds.
    let checked = unique(text);
    if let Err(e @ (JsonError::Syntax { .. } | JsonError::CurlyQuote { .. })) = checked {
        return Err(e);
    }
    let value = serde_json::from_str::<Json>(text)
        .map_err(|e| decimal_comma(text, &e).unwrap_or_else(|| JsonError::syntax(text, e)))?;
    checked?;
    Ok(value)
}

/// `"nilai_skp": 86,5`: the reader stops at the `5`, taking it for a field name; a number, a
/// comma and digits there are a decimal comma.
fn decimal_comma(text: &str, e: &serde_json::Error) -> Option<JsonError> {
    if !e.to_string().starts_with("key must be a string") {
        return None;
    }
    let (line, column) = (e.line(), e.column());
    let start = text.split_inclusive('\n').take(line - 1).map(str::len).sum::<usize>();
    let at = start + column.checked_sub(1)?;
    let fraction: String = text.get(at..)?.chars().take_while(char::is_ascii_digit).collect();
    let before = text.get(..at)?.trim_end().strip_suffix(',')?.trim_end();
    let whole_at = before.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    let whole = before.get(whole_at..)?;
    let after_value = before.get(..whole_at)?.trim_end();
    (!fraction.is_empty() && !whole.is_empty() && after_value.ends_with(':')).then(|| JsonError::DecimalComma {
        whole: whole.to_string(),
        fraction,
        line,
        column: char_column(text, line, column),
    })
}

/// The lines of NDJSON text (one JSON value per line) that are not blank, each with its number
/// from 1; `None` when the text is not NDJSON: an array, or text whose first two lines that are
/// not blank are neither JSON by themselves, unless the first opens an object on its line (not
/// a lone `{`, as a printed object starts) and two of the first ten are (broken lines among
/// good ones are NDJSON still: each is its employee's error).
///
/// ```
/// let broken_first = "{\"a\": x}\n{\"a\": y}\n{\"a\": 1}\n{\"a\": 2}\n";
/// assert_eq!(aturan_core::ndjson_lines(broken_first).map(|l| l.len()), Some(4));
/// let printed = "{\n  \"a\": [\n    {\"b\": 1},\n    {\"b\": 2}\n  ],\n}\n";
/// assert_eq!(aturan_core::ndjson_lines(printed), None);
/// ```
pub fn ndjson_lines(text: &str) -> Option<Vec<(usize, &str)>> {
    let text = crate::without_bom(text);
    if text.trim_start().starts_with('[') {
        return None;
    }
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| (i + 1, l)).collect();
    let alone = |l: &str| serde_json::from_str::<serde::de::IgnoredAny>(l).is_ok();
    if lines.iter().take(2).any(|(_, l)| alone(l)) {
        return Some(lines);
    }
    let opens_object = lines.first().is_some_and(|(_, l)| l.trim_start().starts_with('{') && l.trim() != "{");
    (opens_object && lines.iter().take(10).filter(|(_, l)| alone(l)).count() >= 2).then_some(lines)
}

/// The items of a JSON array, as byte ranges of `text`, checked as [`parse_json`] checks the whole
/// array (the same errors, at the same lines and columns) but without building them: a large
/// array of employees can then be read an item at a time, each with [`parse_json`].
///
/// ```
/// let text = "[{\"status\": \"PNS\"},\n {\"status\": \"CPNS\"}]";
/// let items = aturan_core::parse_json_items(text).unwrap();
/// assert_eq!(&text[items[1].clone()], "{\"status\": \"CPNS\"}");
/// assert!(aturan_core::parse_json_items("[{\"a\": 1, \"a\": 2}]").is_err());
/// ```
pub fn parse_json_items(text: &str) -> Result<Vec<std::ops::Range<usize>>, JsonError> {
    let body = crate::without_bom(text);
    let items = match serde_json::from_str::<Vec<&serde_json::value::RawValue>>(body) {
        Ok(items) => items,
        // Skipping over an item words some errors differently (`key must be a string` for a
        // trailing comma), and leaves escapes in strings unchecked (the second pass reads them):
        // an error is the one reading the whole array gives.
        Err(e) => return Err(parse_json(body).err().unwrap_or_else(|| JsonError::syntax(body, e))),
    };
    // Each item is one employee: the limit of values is each item's, not the array's (a
    // population of 190,000 employees holds some six million).
    unique_with::<UniqueItems>(body).map_err(|e| parse_json(body).err().unwrap_or(e))?;
    let base = text.as_ptr() as usize;
    Ok(items
        .iter()
        .map(|raw| {
            let start = (raw.get().as_ptr() as usize).saturating_sub(base);
            start..start + raw.get().len()
        })
        .collect())
}

/// Refuses an object that names a field twice: a second, cheap pass that builds nothing but the
/// names of each object, whose only error is a repeated name (carried as the error's text).
fn unique(text: &str) -> Result<(), JsonError> {
    unique_with::<Unique>(text)
}

/// [`unique`] of a document read as `T`: [`Unique`], or [`UniqueItems`] for an array whose items
/// are counted each against [`MAX_JSON_VALUES`].
fn unique_with<T: for<'de> Deserialize<'de>>(text: &str) -> Result<(), JsonError> {
    VALUES_SEEN.with(|n| n.set(0));
    serde_json::from_str::<T>(text).map(|_| ()).map_err(|e| {
        if e.to_string().starts_with(TOO_MANY_VALUES) {
            return JsonError::syntax(text, e);
        }
        let said = e.to_string();
        let name = said.rfind(" at line ").and_then(|i| said.get(..i)).unwrap_or(&said).to_string();
        JsonError::Duplicate { name, line: e.line(), column: char_column(text, e.line(), e.column()) }
    })
}

/// A JSON array of values whose objects name each field once, each item holding at most
/// [`MAX_JSON_VALUES`] values.
struct UniqueItems;

impl<'de> Deserialize<'de> for UniqueItems {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<UniqueItems, D::Error> {
        struct Items;
        impl<'de> Visitor<'de> for Items {
            type Value = UniqueItems;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON array")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueItems, A::Error> {
                loop {
                    VALUES_SEEN.with(|n| n.set(0));
                    if seq.next_element::<Unique>()?.is_none() {
                        return Ok(UniqueItems);
                    }
                }
            }
        }
        d.deserialize_seq(Items)
    }
}

/// A JSON value whose objects name each field once.
struct Unique;

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Unique, D::Error> {
        let seen = VALUES_SEEN.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        if seen > MAX_JSON_VALUES {
            return Err(serde::de::Error::custom(TOO_MANY_VALUES));
        }
        d.deserialize_any(UniqueVisitor)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = Unique;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_unit<E>(self) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_none<E>(self) -> Result<Unique, E> {
        Ok(Unique)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        while seq.next_element::<Unique>()?.is_some() {}
        Ok(Unique)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
        // (A number read exactly arrives as a map of one private field: one name, no repeat.)
        // A few names are looked through; an object with many is checked with a set (an HR
        // export may carry a large object beside the facts).
        let mut names: Vec<std::borrow::Cow<'de, str>> = Vec::new();
        let mut many: Option<std::collections::HashSet<std::borrow::Cow<'de, str>>> = None;
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let fresh = match many.as_mut() {
                Some(set) => set.insert(name.clone()),
                None if names.contains(&name) => false,
                None => {
                    names.push(name.clone());
                    if names.len() > 16 {
                        many = Some(names.drain(..).collect());
                    }
                    true
                }
            };
            if !fresh {
                return Err(A::Error::custom(name));
            }
            map.next_value::<Unique>()?;
        }
        Ok(Unique)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_given_twice_is_refused_with_its_place() {
        let err = parse_json("{\n  \"a\": 1,\n  \"b\": {\"c\": 2, \"c\": 3}\n}").unwrap_err();
        assert!(err.to_string().starts_with("the field `c` is given twice in one object"), "{err}");
        assert_eq!((err.line(), err.column()), (3, 19));
        assert!(err.message(aturan_dsl::Lang::Id).starts_with("isian `c` diberikan dua kali"), "{err}");
        assert!(matches!(parse_json("{\"a\": }"), Err(JsonError::Syntax { .. })));
        let lone = parse_json(r#"{"x": "\ud800"}"#).unwrap_err();
        assert!(
            lone.what(aturan_dsl::Lang::En).ends_with("a lone UTF-16 surrogate (such as \\ud800) is not valid text"),
            "{lone}"
        );
        // The same name in different objects, and exact numbers, are fine.
        let ok = parse_json("\u{feff}[{\"a\": 1.10}, {\"a\": 2, \"b\": {\"a\": 3}}]").unwrap();
        assert_eq!(ok[0]["a"].to_string(), "1.10");
        // Many names: still found, and quickly.
        let wide: Vec<String> = (0..100_000).map(|i| format!("\"k{i}\": {i}")).collect();
        assert!(parse_json(&format!("{{{}}}", wide.join(","))).is_ok());
        assert!(parse_json(&format!("{{{}, \"k77\": 1}}", wide.join(","))).is_err());
        // Escaped names are compared as what they spell.
        assert!(parse_json(r#"{"a": 1, "\u0061": 2}"#).is_err());
    }

    #[test]
    fn objects_printed_one_after_another_are_said_to_be_two_documents() {
        let err = parse_json("{\n  \"status\": \"PNS\"\n}\n{\n  \"status\": \"CPNS\"\n}\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a second JSON document starts at line 4 column 1: give several employees as one array ([{…}, {…}]) or as NDJSON, one object per line"
        );
        assert!(err.is_syntax());
        assert!(err.message(aturan_dsl::Lang::Id).starts_with("dokumen JSON kedua dimulai pada baris 4 kolom 1: "));
        // Other text after the end is no second document.
        assert!(parse_json("{\"a\": 1} x")
            .unwrap_err()
            .to_string()
            .starts_with("there is text after the end of the JSON"));
    }

    #[test]
    fn facts_nest_127_deep_and_deeper_is_said_with_the_limit() {
        let nested = |n: usize| format!("{{\"audit\": {}1{}}}", "[".repeat(n), "]".repeat(n));
        assert!(parse_json(&nested(126)).is_ok(), "127 levels with the object");
        let err = parse_json(&nested(127)).unwrap_err();
        assert!(err.to_string().contains("lists and objects nest more than 127 deep here"), "{err}");
        assert!(err.message(aturan_dsl::Lang::Id).contains("bersarang lebih dari 127 tingkat"), "{err}");
    }

    #[test]
    fn ndjson_is_lines_of_json_once_one_of_the_first_two_reads() {
        let lines = ndjson_lines("\u{feff}{\"a\": 1}\n\n{broken\n  {\"a\": 2}\n").unwrap();
        assert_eq!(lines, [(1, "{\"a\": 1}"), (3, "{broken"), (4, "  {\"a\": 2}")]);
        assert_eq!(ndjson_lines("{broken\n{\"a\": 2}").unwrap().len(), 2);
        assert!(ndjson_lines("{\n\"a\": 1\n}").is_none(), "one broken document");
        assert!(ndjson_lines("[1]\n[2]").is_none(), "an array is not NDJSON");
        assert!(ndjson_lines("").is_none());
    }

    #[test]
    fn an_arrays_items_are_checked_as_the_whole_array_is() {
        let deep = format!("[{}1{}]", "[".repeat(200), "]".repeat(200));
        for broken in [
            "[{\"a\": 1},\n {\"a\": 2,},\n {\"a\": 3}]",
            "[{\"a\": 1}, {\"a\": 1, \"a\": 2}]",
            "[{\"a\": 1}\n{\"a\": 2}]",
            "[{\"a\": \"\\ud800\"}]",
            "[{\"a\": 1}] x",
            "[{\"a\": [1, 2}]",
            deep.as_str(),
        ] {
            let whole = parse_json(broken).unwrap_err();
            let items = parse_json_items(broken).unwrap_err();
            assert_eq!(items.message(aturan_dsl::Lang::En), whole.message(aturan_dsl::Lang::En), "{broken}");
        }
        // Places are in the text as given, byte-order mark included; numbers keep their digits.
        let text = "\u{feff}[ {\"a\": 1.10} ,\n\t\"x\", [] ]";
        let items = parse_json_items(text).unwrap();
        let got: Vec<&str> = items.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(got, ["{\"a\": 1.10}", "\"x\"", "[]"]);
        assert_eq!(parse_json(got[0]).unwrap()["a"].to_string(), "1.10");
        assert!(parse_json_items("[]").unwrap().is_empty());
    }

    #[test]
    fn what_the_reader_finds_wrong_is_said_in_indonesian_too() {
        let id = |text: &str| parse_json(text).unwrap_err().message(aturan_dsl::Lang::Id);
        assert_eq!(id("{\"a\": 1,}"), "koma berlebih sebelum penutup pada baris 1 kolom 9");
        assert!(
            id("{alpa_hari: 3}").starts_with("nama isian harus dalam tanda kutip ganda"),
            "{}",
            id("{alpa_hari: 3}")
        );
        assert!(id("{\"a\": [1, 2").starts_with("teks berakhir di tengah daftar"));
        assert!(id("{\"a\": 'x'}").starts_with("diharapkan nilai"));
        assert!(
            id(r#"{"x": "\ud800"}"#).ends_with("bukan teks yang sah pada baris 1 kolom 14"),
            "{}",
            id(r#"{"x": "\ud800"}"#)
        );
        // English keeps the reader's own words where they are plain, and says the others plainly.
        assert_eq!(parse_json("[1,]").unwrap_err().message(aturan_dsl::Lang::En), "trailing comma at line 1 column 4");
        assert_eq!(
            parse_json("").unwrap_err().message(aturan_dsl::Lang::En),
            "the text ends before a value at line 1 column 1"
        );
        assert!(parse_json("{a: 1}")
            .unwrap_err()
            .message(aturan_dsl::Lang::En)
            .starts_with("field names go in double quotes"));
    }

    #[test]
    fn a_decimal_comma_is_named_with_the_number_to_write() {
        let e = parse_json("{\"presensi\": {\"alpa_hari\": 3},\n \"nilai_skp\": 86,5}").unwrap_err();
        assert_eq!(
            e.message(aturan_dsl::Lang::En),
            "decimals are written with a point: `86.5`, not `86,5` at line 2 column 18"
        );
        assert!(e.message(aturan_dsl::Lang::Id).starts_with("bilangan desimal ditulis dengan titik: `86.5`"));
        assert!(e.is_syntax());
        // A comma before a field name that is not quoted is the other mistake.
        let e = parse_json("{\"a\": 1, b: 2}").unwrap_err();
        assert!(e.message(aturan_dsl::Lang::En).starts_with("field names go in double quotes"));
        // The end of the text after a line break is column 1, not 0.
        assert_eq!(parse_json("{\n\"a\": 1\n").unwrap_err().column(), 1);
        // Columns count characters, as the policy's diagnostics do: after `éé` or emoji as after
        // `ab` (`PNS` at 26).
        let columns = |name: &str| {
            let at = |text: String| parse_json(&text).unwrap_err().column();
            (
                at(format!("{{\"nama\": \"{name}\", \"status\": PNS}}")),
                at(format!("{{\"nama\": \"{name}\", \"nama\": 1}}")),
                at(format!("{{\"nama\": \"{name}\", \"skp\": 86,5}}")),
            )
        };
        assert_eq!(columns("ab").0, 26);
        assert_eq!(columns("éé"), columns("ab"));
        assert_eq!(columns("😀😀"), columns("ab"));
    }

    #[test]
    fn thousands_separators_and_nan_are_named_with_what_to_write() {
        let e = parse_json("{\"gaji\": 3.500.000}").unwrap_err();
        assert_eq!(
            e.message(aturan_dsl::Lang::En),
            "numbers are written without thousands separators: `3500000`, not `3.500.000` at line 1 column 15"
        );
        assert!(e.message(aturan_dsl::Lang::Id).starts_with("bilangan ditulis tanpa pemisah ribuan: `3500000`"));
        assert!(e.is_syntax());
        // Points that are no thousands groups are the reader's own error.
        assert!(parse_json("{\"a\": 1.2.3}")
            .unwrap_err()
            .message(aturan_dsl::Lang::En)
            .starts_with("expected `,` or `}`"));
        for text in ["{\"a\": 1,, \"b\": 2}", "[1, ,2]"] {
            let e = parse_json(text).unwrap_err();
            assert!(e.message(aturan_dsl::Lang::En).starts_with("a comma right after another"), "{text}: {e}");
        }
        for (text, word, column) in
            [("{\"a\": NaN}", "NaN", 7), ("[1, -Infinity]", "-Infinity", 6), ("[Infinity]", "Infinity", 2)]
        {
            let e = parse_json(text).unwrap_err();
            assert_eq!(e.column(), column, "{text}");
            assert!(e.message(aturan_dsl::Lang::En).starts_with(&format!("`{word}` is no JSON value")), "{text}");
            assert!(e.message(aturan_dsl::Lang::Id).starts_with(&format!("`{word}` bukan nilai JSON")), "{text}");
        }
    }

    #[test]
    fn a_curly_quote_from_a_word_processor_is_named() {
        for (text, quote, column) in
            [("{“nama”: “Sari”}", '“', 2), ("{\"nama\": “Sari”}", '“', 10), ("{\"a\":\n ‘x’}", '‘', 2)]
        {
            let e = parse_json(text).unwrap_err();
            assert!(matches!(e, JsonError::CurlyQuote { quote: q, .. } if q == quote), "{text}: {e:?}");
            assert_eq!(e.column(), column, "{text}");
            assert!(e.is_syntax());
            assert!(e.message(aturan_dsl::Lang::Id).contains("tanda kutip lengkung"), "{text}");
        }
        // Inside a text they are text.
        assert!(parse_json("{\"nama\": \"“Sari”\"}").is_ok());
    }
}
