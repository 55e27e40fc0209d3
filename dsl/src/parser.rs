//! From text to [`ast::Policy`]: pest parses, a Pratt parser orders the operators, and syntax
//! errors become [`Diagnostic`]s worded for policy writers, not in terms of grammar rules.

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser as _;
use pest_derive::Parser;

use crate::ast::*;
use crate::diagnostic::{Diagnostic, Text};
use crate::span::Span;

#[derive(Parser)]
#[grammar = "grammar.pest"]
struct Grammar;

/// Deeper bracket nesting than this is refused before parsing, so that no input can exhaust the stack.
pub const MAX_NESTING: usize = 32;
/// Expressions deeper than this (counting operators: `a and b and …` is as deep as it is long)
/// are refused, for the same reason.
pub const MAX_DEPTH: usize = 100;
/// Operators in one expression, outside brackets.
const MAX_OPERATORS: usize = 128;

fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::error(
        "too-deep",
        Span::new(span.start, span.start.saturating_add(1).min(span.end.max(span.start + 1))),
        Text::new(
            format!("this expression is nested more than {MAX_DEPTH} levels deep (each operator of a chain such as `a and b and c` counts as a level)"),
            format!("ekspresi ini bersarang lebih dari {MAX_DEPTH} tingkat (setiap operator dalam rangkaian seperti `a dan b dan c` dihitung satu tingkat)"),
        ),
    )
    .with_help(Text::new("split it into named values with `let`", "pecah menjadi nilai bernama dengan `misal`"))
}

/// Parses a policy. On failure, returns every syntax error found (one per broken declaration).
pub fn parse(source: &str) -> Result<Policy, Vec<Diagnostic>> {
    if let Some(d) = lone_carriage_return(source).or_else(|| check_nesting(source)) {
        return Err(vec![d]);
    }
    match Grammar::parse(Rule::file, source) {
        Ok(mut pairs) => {
            let file = pairs.next().ok_or_else(|| vec![internal(source)])?;
            let mut b = Builder::default();
            b.errors.extend(unknown_escapes(&file));
            let policy = b.file(file);
            if b.errors.is_empty() {
                policy.ok_or_else(|| vec![internal(source)])
            } else {
                Err(b.errors)
            }
        }
        Err(first) => Err(collect_syntax_errors(source, first)),
    }
}

/// A backslash in a text that starts no escape the language knows (`"C:\Users"`, `"\u00a7"`):
/// an error at it, not a character silently dropped.
fn unknown_escapes(file: &Pair<'_, Rule>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in file.clone().into_inner().flatten().filter(|p| p.as_rule() == Rule::str_inner) {
        let start = p.as_span().start();
        let mut chars = p.as_str().char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                continue;
            }
            let Some((_, next)) = chars.next() else { break };
            if escaped(next).is_some() {
                continue;
            }
            let escape = format!("\\{next}");
            out.push(
                Diagnostic::error(
                    "escape",
                    Span::new(start + i, start + i + 1 + next.len_utf8()),
                    Text::new(
                        format!("unknown escape `{escape}` in a text: a text knows `\\n` (new line), `\\t` (tab), `\\\"` and `\\\\`"),
                        format!("escape `{escape}` tidak dikenal dalam teks: teks mengenal `\\n` (baris baru), `\\t` (tab), `\\\"` dan `\\\\`"),
                    ),
                )
                .with_help(Text::new(
                    format!("for a backslash write two: `\\{escape}`"),
                    format!("untuk garis miring terbalik tulis dua: `\\{escape}`"),
                )),
            );
        }
    }
    out
}

/// A line ended by a carriage return alone (as classic Mac OS saved text): every line of such a
/// file reads as one, so a `//` comment would run to the end of the file and take every
/// declaration after it with it. The file is refused at the first one.
fn lone_carriage_return(source: &str) -> Option<Diagnostic> {
    let at = source.match_indices('\r').map(|(i, _)| i).find(|&i| source.as_bytes().get(i + 1) != Some(&b'\n'))?;
    // The caret goes under the line's last character: a carriage return shows as nothing.
    let span = match source.get(..at).and_then(|s| s.chars().next_back()) {
        Some(c) if c != '\r' && c != '\n' => Span::new(at - c.len_utf8(), at),
        _ => Span::new(at, at + 1),
    };
    Some(
        Diagnostic::error(
            "syntax",
            span,
            Text::new(
                "this line ends with a carriage return alone (CR, as classic Mac OS saved text), not a line feed",
                "baris ini diakhiri carriage return saja (CR, seperti teks simpanan Mac OS lama), bukan line feed",
            ),
        )
        .with_help(Text::new(
            "save the file with LF (or CRLF) line endings; with CR alone the whole file reads as one line",
            "simpan berkas dengan akhir baris LF (atau CRLF); dengan CR saja seluruh berkas terbaca sebagai satu baris",
        )),
    )
}

fn internal(source: &str) -> Diagnostic {
    Diagnostic::error(
        "syntax",
        Span::new(0, source.len().min(1)),
        Text::new("the policy could not be read", "kebijakan tidak dapat dibaca"),
    )
}

fn check_nesting(source: &str) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut prefix_run = 0usize;
    // `if … then … else if …` nests without brackets: the bracket depth at each `if` still open
    // (closed by the bracket around it, or by the next declaration).
    let mut ifs: Vec<usize> = Vec::new();
    // `list of list of …` nests without brackets too.
    let mut list_run = 0usize;
    // Texts are read as the grammar reads them: `"…"` with `\` escaping the next character, and
    // `"""…"""` raw to its closing `"""` (a quote inside either must not end it early, or what
    // follows would go uncounted).
    let mut in_string = false;
    let mut escaped = false;
    let mut skip_until = 0usize;
    let mut in_comment = false;
    let mut prev = ' ';
    for (i, c) in source.char_indices() {
        if i < skip_until {
            continue;
        }
        // The line under a table's header as Markdown writes it (`|---|:---:|`): its dashes are
        // no minus signs, however many a wide column has.
        if (i == 0 || prev == '\n') && !in_string {
            let line = source.get(i..).and_then(|r| r.split('\n').next()).unwrap_or("");
            let cells = line.trim();
            if cells.starts_with('|')
                && cells.contains("---")
                && cells.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
            {
                skip_until = i + line.len();
                continue;
            }
        }
        let last = std::mem::replace(&mut prev, c);
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if c == '"' {
            match source.get(i + 3..).filter(|_| source.get(i..).is_some_and(|r| r.starts_with("\"\"\""))) {
                // A raw text: to the end of its closing quotes (or of the file).
                Some(after) => skip_until = after.find("\"\"\"").map_or(source.len(), |at| i + 3 + at + 3),
                None => in_string = true,
            }
            continue;
        }
        let word_start = (c.is_alphanumeric() || c == '_') && !(last.is_alphanumeric() || last == '_');
        match c {
            '/' if source.get(i + 1..).is_some_and(|r| r.starts_with('/')) => in_comment = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                while ifs.last().is_some_and(|&d| d > depth) {
                    ifs.pop();
                }
            }
            '-' => prefix_run += 1,
            c if c.is_whitespace() => {}
            _ if word_start => {
                let rest = source.get(i..).unwrap_or("");
                // A new declaration closes the `if`s of the one before: only at a keyword that no
                // name can be (`param_a`, `fungsi` could go on an expression).
                if last == '\n' && STARTS.iter().any(|k| word_at(rest, k.trim_end()) && is_reserved(k.trim_end())) {
                    ifs.clear();
                }
                if word_at(rest, "if") || word_at(rest, "bila") {
                    ifs.push(depth);
                }
                if word_at(rest, "list") || word_at(rest, "daftar") {
                    list_run += 1;
                } else if !(word_at(rest, "of") || word_at(rest, "dari")) {
                    list_run = 0;
                }
                if word_at(rest, "not") || word_at(rest, "bukan") {
                    prefix_run += 1;
                } else {
                    prefix_run = 0;
                }
            }
            c if c.is_alphanumeric() || c == '_' => {}
            _ => prefix_run = 0,
        }
        if ifs.len() > MAX_DEPTH {
            return Some(too_deep(Span::new(i, i + c.len_utf8())));
        }
        if depth > MAX_NESTING || prefix_run > MAX_NESTING || list_run > MAX_NESTING {
            return Some(
                Diagnostic::error(
                    "too-deep",
                    Span::new(i, i + c.len_utf8()),
                    Text::new(
                        format!("nesting deeper than {MAX_NESTING} levels"),
                        format!("susunan bersarang lebih dari {MAX_NESTING} tingkat"),
                    ),
                )
                .with_help(Text::new(
                    "split the expression into named values with `let`",
                    "pecah ekspresi menjadi nilai bernama dengan `misal`",
                )),
            );
        }
    }
    None
}

/// Whether `word` is one of the grammar's reserved words, which no name can be.
fn is_reserved(word: &str) -> bool {
    static RESERVED: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    RESERVED
        .get_or_init(|| {
            let grammar: &'static str = include_str!("grammar.pest");
            let body = grammar.split("\nkeyword = @{").nth(1).and_then(|b| b.split('}').next()).unwrap_or("");
            body.split('"').skip(1).step_by(2).collect()
        })
        .contains(&word)
}

fn word_at(rest: &str, word: &str) -> bool {
    rest.starts_with(word)
        && !rest.get(word.len()..).and_then(|r| r.chars().next()).is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The keywords that start a top-level declaration (at the start of a line).
const STARTS: &[&str] = &[
    "enum ",
    "facts",
    "fakta",
    "parameter",
    "param",
    "let ",
    "misal ",
    "table ",
    "tabel ",
    "decision ",
    "keputusan ",
    "rule ",
    "aturan ",
    "severity",
    "tingkat_sanksi",
    "combine ",
    "gabung ",
    "example ",
    "contoh ",
    "helpers ",
    "fungsi_bantu ",
    "helper ",
    "fungsi ",
];

/// A file that does not parse is cut at each top-level declaration keyword that starts a line, and
/// each piece is parsed alone, so that one pass reports an error for every broken declaration.
fn collect_syntax_errors(source: &str, first: pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let mut cuts = vec![0usize];
    let mut offset = 0usize;
    // A line starts a declaration when it begins with a declaration keyword at its first column
    // outside helper code (`let x = 1;` is Rhai there), whatever brackets or texts came before, so
    // that an unclosed bracket does not hide the errors after it; or,
    // for declarations that are indented, after its indentation, outside any bracket, text or
    // helper code, and followed by what a declaration has next (a name, a text, a `{`: not
    // `fungsi == "guru"` or `params > 2` in a condition that goes on over lines).
    let mut outside = Outside::default();
    for line in source.split_inclusive('\n') {
        let indented = line.trim_start();
        // (At the first column a word that only begins like a keyword, `fakta2`, starts a piece
        // too: a misspelt declaration is told as one.)
        let starts = |text: &str, strict: bool| {
            STARTS.iter().any(|k| {
                text.strip_prefix(k).is_some_and(|after| {
                    let bounded = k.ends_with(' ') || !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
                    let next = after.trim_start();
                    !strict
                        || (bounded && next.starts_with(|c: char| c.is_alphabetic() || matches!(c, '_' | '"' | '{')))
                })
            })
        };
        let first_column = starts(line, false) && !outside.code;
        if offset > 0 && (first_column || (indented.len() < line.len() && outside.is_top() && starts(indented, true))) {
            cuts.push(offset);
        }
        outside.read(line);
        offset += line.len();
    }
    cuts.push(source.len());
    let mut errors = Vec::new();
    // The lines before each piece, counted as the pieces go (not from the start for each).
    let mut lines_before = 0;
    for (n, w) in cuts.windows(2).enumerate() {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
            continue;
        };
        let piece = source.get(a..b).unwrap_or("");
        let rule = if n == 0 { Rule::lone_header } else { Rule::lone_item };
        if let Err(e) = Grammar::parse(rule, piece) {
            let next = source.get(b..).unwrap_or("");
            errors.push(syntax_diagnostic(piece, next, a, lines_before, &e));
        }
        lines_before += piece.matches('\n').count();
    }
    if errors.is_empty() {
        errors.push(syntax_diagnostic(source, "", 0, 0, &first));
    }
    errors
}

/// Where a reader of the source is: inside how many brackets, and whether inside text (`"…"`, or
/// helper code in `"""…"""`), so that only a keyword at the top level starts a declaration.
#[derive(Default)]
struct Outside {
    depth: usize,
    text: bool,
    code: bool,
}

impl Outside {
    fn is_top(&self) -> bool {
        self.depth == 0 && !self.text && !self.code
    }

    fn read(&mut self, line: &str) {
        let mut rest = line;
        while let Some(c) = rest.chars().next() {
            if self.code {
                if rest.starts_with("\"\"\"") {
                    self.code = false;
                    rest = rest.get(3..).unwrap_or_default();
                    continue;
                }
            } else if self.text {
                match c {
                    // The escaped character, whatever its length, is skipped with it.
                    '\\' => {
                        let escaped = rest.chars().nth(1).map_or(0, char::len_utf8);
                        rest = rest.get(1 + escaped..).unwrap_or_default();
                        continue;
                    }
                    // A text may go on over lines (a long title).
                    '"' => self.text = false,
                    _ => {}
                }
            } else if rest.starts_with("\"\"\"") {
                self.code = true;
                rest = rest.get(3..).unwrap_or_default();
                continue;
            } else if rest.starts_with("//") {
                return;
            } else {
                match c {
                    '"' => self.text = true,
                    '{' | '(' | '[' => self.depth += 1,
                    '}' | ')' | ']' => self.depth = self.depth.saturating_sub(1),
                    _ => {}
                }
            }
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
        }
    }
}

/// A syntax error in `piece`, which starts at byte `base` and after `lines_before` lines of the
/// source, and is followed by `next` (the rest of the source).
fn syntax_diagnostic(
    piece: &str,
    next: &str,
    base: usize,
    lines_before: usize,
    e: &pest::error::Error<Rule>,
) -> Diagnostic {
    use pest::error::{ErrorVariant, InputLocation};
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let found = found_at(piece, pos);
    let raw = pos;
    // At the end of the file (a rule left without `then`), point at the end of the last text
    // written, not at the empty line after it.
    // Only a byte-order mark and comments before it (an empty policy): the start of the file.
    let nothing_before = |before: &str| {
        before.trim_start_matches('\u{feff}').lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with("//"))
    };
    let (pos, end) = match piece.get(..pos).map(str::trim_end) {
        Some(before) if found.is_empty() && base == 0 && nothing_before(before) => {
            let start = if piece.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
            (start, start)
        }
        Some(before) if found.is_empty() && !before.is_empty() => {
            // The last text written, not a comment after it (a rule left without its outcome,
            // then a comment line before the next declaration).
            let mut before = before;
            while let Some((up, last_line)) = before.rsplit_once('\n') {
                if !last_line.trim_start().starts_with("//") || up.trim_end().is_empty() {
                    break;
                }
                before = up.trim_end();
            }
            let last = before.chars().next_back().map_or(1, char::len_utf8);
            (before.len() - last, before.len())
        }
        _ => (pos, pos + found.len().max(1)),
    };
    let positives: &[Rule] = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    };
    let (mut en, mut id) = match &e.variant {
        // After `facts` only its braces can come (the reader calls a record a type).
        ErrorVariant::ParsingError { positives, .. } if positives == &[Rule::record_type] => {
            ("`{`".into(), "`{`".into())
        }
        ErrorVariant::ParsingError { positives, .. } => expected_words(positives),
        ErrorVariant::CustomError { message } => (message.clone(), message.clone()),
    };
    // `… dan` then `maka`: a condition is what is missing (not an outcome, which may be compared).
    let last_word = piece.get(..pos).unwrap_or("").trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
    if is_keyword(last_word, &["kw_and", "kw_or", "kw_not"]) && is_keyword(found, &["kw_then", "kw_source"]) {
        (en, id) = ("a condition".into(), "sebuah kondisi".into());
    }
    // Between declarations a word that starts none (`atruan`, `fakta2`): a declaration was meant.
    let a_word = found.chars().next().is_some_and(char::is_alphabetic);
    let between =
        positives.is_empty() || positives.iter().all(|r| matches!(r, Rule::EOI | Rule::item | Rule::lone_item));
    // A declaration's own keyword where a declaration may start: it was recognized, and what
    // follows it is not in its form (a `{` left out, which the reader does not name): its form.
    if a_word && between {
        if let Some(d) = declaration_form(piece, base, pos, found) {
            return d;
        }
        (en, id) = (
            "a declaration (`rule`, `let`, `facts`, `table`, `param`, `example`, …) or the end of the file".into(),
            "sebuah deklarasi (`aturan`, `misal`, `fakta`, `tabel`, `parameter`, `contoh`, …) atau akhir berkas".into(),
        );
    }
    // A control character (a NUL from a binary file) would show as nothing: named by its code.
    let control = found.chars().next().filter(|c| c.is_control()).map(|c| format!("U+{:04X}", u32::from(c)));
    let (found_en, found_id) = match (&control, found.is_empty()) {
        (Some(code), _) => (format!("the control character {code}"), format!("karakter kendali {code}")),
        // The piece ends where the next declaration starts: that is what was found.
        (None, true) if !found_at(next, 0).is_empty() => {
            let word = found_at(next, 0);
            let skipped = next.len() - next.trim_start().len();
            let line = lines_before
                + piece.matches('\n').count()
                + next.get(..skipped).map_or(0, |w| w.matches('\n').count())
                + 1;
            (format!("`{word}` (line {line})"), format!("`{word}` (baris {line})"))
        }
        (None, true) => ("the end of the file".to_string(), "akhir berkas".to_string()),
        (None, false) => (format!("`{found}`"), format!("`{found}`")),
    };
    if let Some(d) = missing_equals(piece, base).or_else(|| unclosed_row(piece, base, raw)) {
        return d;
    }
    if let Some(d) = thousands_error(piece, base, pos).or_else(|| outcome_setting(piece, base, pos)) {
        return d;
    }
    // `decimal berlaku …`: the type was read; what follows it is what is wrong (the reader
    // reports the type, the last thing it tried there).
    let after_arrow = piece.get(..pos).is_some_and(|b| b.trim_end().ends_with("->"));
    let named =
        found.starts_with(|c: char| c.is_alphabetic()) && found.chars().all(|c| c.is_alphanumeric() || c == '_');
    if en == "a type" && (matches!(found, "int" | "decimal" | "text" | "bool" | "date") || (after_arrow && named)) {
        if let Some(d) = after_type(piece, base, pos + found.len(), found) {
            return d;
        }
    }
    // A decimal comma on the line before, read on into this one: the error is the number's.
    if let Some((start, comma, number_end)) = comma_on_line_before(piece, pos) {
        let (whole, fraction) = (piece.get(start..comma).unwrap_or(""), piece.get(comma + 1..number_end).unwrap_or(""));
        let d = decimal_comma_error(Span::new(base + start, base + number_end), whole, fraction);
        return match syntax_help(piece, pos, positives) {
            Some(help) => d.with_help(help),
            None => d,
        };
    }
    let mut d = Diagnostic::error(
        "syntax",
        Span::new(base + pos, (base + end).min(base + piece.len().max(pos))),
        Text::new(format!("expected {en}, found {found_en}"), format!("seharusnya {id}, ditemukan {found_id}")),
    );
    if let Some(help) = unclosed(piece, raw, lines_before).or_else(|| syntax_help(piece, pos, positives)) {
        d = d.with_help(help);
    } else if en.contains("`then` and an outcome") {
        // The outcome written without `then` (`sanksi teguran_tertulis`): that one, with it.
        let rest = piece.get(pos..).unwrap_or("").trim_start();
        let line = rest.lines().next().unwrap_or("").split("//").next().unwrap_or("").trim_end();
        let kind = line.split_whitespace().next().unwrap_or("");
        d = d.with_help(if outcome_kinds().any(|k| k == kind) {
            // In the policy's own keywords, whatever the language of the message.
            let then = if keyword_language(piece)("maka") { "maka" } else { "then" };
            Text::new(
                format!("a rule ends with `{then}` and its outcome: `{then} {line}`"),
                format!("aturan diakhiri dengan `{then}` dan hasilnya: `{then} {line}`"),
            )
        } else {
            Text::new(
                "a rule ends with `then` and its outcome: `then sanction teguran_lisan`",
                "aturan diakhiri dengan `maka` dan hasilnya: `maka sanksi teguran_lisan`",
            )
        });
    }
    d
}

/// `example "e" on 2025-01-01` then `given …` without the `{`, `severity` without its `{`: the
/// reader stops at the declaration's first word, expecting a declaration there. Said as what it
/// is, with the declaration's form in the keywords it was written with.
fn declaration_form(piece: &str, base: usize, pos: usize, found: &str) -> Option<Diagnostic> {
    if !piece.get(..pos)?.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with("//")) {
        return None;
    }
    let form = match found {
        "example" => "example \"name\" on 2025-12-31 { given { … } expect … }",
        "contoh" => "contoh \"nama\" pada 2025-12-31 { masukan { … } harapkan … }",
        "severity" => "severity { ringan: teguran_lisan, …  sedang: …  berat: … }",
        "tingkat_sanksi" => "tingkat_sanksi { ringan: teguran_lisan, …  sedang: …  berat: … }",
        "helper" => "helper name(x: int) -> int",
        "fungsi" => "fungsi nama(x: int) -> int",
        "helpers" => "helpers \"file.rhai\" (or a script in \"\"\"…\"\"\")",
        "fungsi_bantu" => "fungsi_bantu \"berkas.rhai\" (atau skrip dalam \"\"\"…\"\"\")",
        _ => return None,
    };
    Some(
        Diagnostic::error(
            "syntax",
            Span::new(base + pos, base + pos + found.len()),
            Text::new(
                format!("this `{found}` declaration is not written in its form"),
                format!("deklarasi `{found}` ini tidak ditulis dalam bentuknya"),
            ),
        )
        .with_help(Text::new(format!("it is written `{form}`"), format!("ditulis `{form}`"))),
    )
}

/// Whether `word` is one of the keywords of the grammar rules `names` (`["kw_then"]`: `then` or
/// `maka`).
fn is_keyword(word: &str, names: &[&str]) -> bool {
    keyword_rules().iter().any(|(n, words)| names.contains(n) && words.contains(&word))
}

/// Whether `word` is written as a name is: letters, digits and `_`.
fn is_name(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The words an outcome's kind is written with (`sanction`, `sanksi`, `reward`, …).
fn outcome_kinds() -> impl Iterator<Item = &'static str> {
    keyword_rules()
        .iter()
        .filter(|(name, _)| matches!(*name, "kw_sanction" | "kw_reward" | "kw_promotion" | "kw_notice"))
        .flat_map(|(_, words)| words.iter().copied())
}

/// Whether `text` ends with an outcome's kind and code (`then reward tpp`).
fn ends_with_outcome(text: &str) -> Option<&str> {
    let mut words = text.trim_end().rsplit(char::is_whitespace);
    let code = words.next()?;
    let kind = words.next()?;
    (is_name(code) && outcome_kinds().any(|k| k == kind)).then_some(code)
}

/// `reward tpp(persen = 10)`, `tpp(10)`: an outcome's parameter without its name and `:` (the
/// reader stops at the name, expecting a literal it cannot name).
fn outcome_setting(piece: &str, base: usize, pos: usize) -> Option<Diagnostic> {
    let before = piece.get(..pos)?.trim_end();
    if !before.ends_with(['(', ',']) {
        return None;
    }
    // The bracket open at `pos` must be an outcome's.
    let mut depth = 0usize;
    let open = before.char_indices().rev().find(|&(_, c)| {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return true,
            '(' => depth -= 1,
            _ => {}
        }
        false
    })?;
    let code = ends_with_outcome(before.get(..open.0)?)?;
    let rest = piece.get(pos..)?;
    let start = base + pos + (rest.len() - rest.trim_start().len());
    let word = found_at(rest, 0);
    let help = |name: &str| {
        Text::new(
            format!("an outcome's parameters are written `name: value`: `{code}({name}: …)`"),
            format!("parameter hasil ditulis `nama: nilai`: `{code}({name}: …)`"),
        )
    };
    if word.is_empty() || word == ")" {
        return None;
    }
    // `tpp(persen: 2,5)`: a decimal written the Indonesian way, read as a second parameter.
    let whole = before.strip_suffix(',').unwrap_or("");
    let whole = &whole[whole.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1)..];
    if !whole.is_empty() && rest.starts_with(|c: char| c.is_ascii_digit()) && word.bytes().all(|c| c.is_ascii_digit()) {
        let at = Span::new(base + before.len() - 1 - whole.len(), base + pos + word.len());
        return Some(
            Diagnostic::error(
                "decimal-comma",
                at,
                Text::new(
                    format!("`{whole},{word}` reads as a value and a second parameter without a name"),
                    format!("`{whole},{word}` terbaca sebagai nilai dan parameter kedua tanpa nama"),
                ),
            )
            .with_help(crate::decimal_comma_help(whole, word)),
        );
    }
    if !word.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        // `tpp(10)`: a value without its parameter's name.
        return Some(
            Diagnostic::error(
                "syntax",
                Span::new(start, start + word.len()),
                Text::new(
                    format!("expected a parameter's name, found `{word}`"),
                    format!("seharusnya nama parameter, ditemukan `{word}`"),
                ),
            )
            .with_help(help("persen")),
        );
    }
    let after = rest.trim_start().get(word.len()..)?;
    let next = found_at(after, 0);
    let next = if next.starts_with('=') && after.trim_start().starts_with("==") { "==" } else { next };
    if next.starts_with(':') {
        return None;
    }
    let at = start + word.len() + (after.len() - after.trim_start().len());
    let (found_en, found_id) = match next {
        "" => ("the end of the file".to_string(), "akhir berkas".to_string()),
        _ => (format!("`{next}`"), format!("`{next}`")),
    };
    Some(
        Diagnostic::error(
            "syntax",
            Span::new(at, at + next.len().max(1)),
            Text::new(
                format!("expected `:` after the parameter `{word}`, found {found_en}"),
                format!("seharusnya `:` setelah parameter `{word}`, ditemukan {found_id}"),
            ),
        )
        .with_help(help(word)),
    )
}

/// What follows a type that is read (`tabel t: int -> decimal berlaku mulai …`), at the word
/// after it; for a lookup table, that it has no period of its own.
fn after_type(piece: &str, base: usize, at: usize, ty: &str) -> Option<Diagnostic> {
    let rest = piece.get(at..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let word: String = rest.trim_start().chars().take_while(|c| !c.is_whitespace()).collect();
    if word.is_empty() {
        return None;
    }
    let start = base + at + skipped;
    let mut d = Diagnostic::error(
        "syntax",
        Span::new(start, start + word.len()),
        Text::new(
            format!("`{word}` cannot follow the type `{ty}` here"),
            format!("`{word}` tidak dapat mengikuti tipe `{ty}` di sini"),
        ),
    );
    let table = piece.trim_start().starts_with("table ") || piece.trim_start().starts_with("tabel ");
    if table && matches!(word.as_str(), "effective" | "berlaku") {
        d = d.with_help(Text::new(
            "a lookup table has no period of its own: for amounts that change on a date, write a table for each period and choose with `if as_of >= 2025-07-01 then baru(k) else lama(k)`",
            "tabel pencarian tidak memiliki masa berlaku sendiri: untuk nilai yang berubah pada suatu tanggal, tulis satu tabel per masa dan pilih dengan `bila per_tanggal >= 2025-07-01 maka baru(k) lainnya lama(k)`",
        ));
    } else if table {
        d = d.with_help(Text::new(
            "a lookup table's rows follow in `{ … }`: `table t: int -> decimal { 1 -> 1800000 }`",
            "baris tabel pencarian menyusul dalam `{ … }`: `tabel t: int -> decimal { 1 -> 1800000 }`",
        ));
    }
    Some(d)
}

/// A table's last row without its closing `|` (the parser stops at what comes next).
fn unclosed_row(piece: &str, base: usize, pos: usize) -> Option<Diagnostic> {
    let before = piece.get(..pos)?.trim_end();
    // The parser stopped on a later line, or inside the last row, whose end has no `|`.
    let later_line = piece.get(before.len()..pos)?.contains('\n');
    let end = if later_line {
        before.len()
    } else {
        let line_end = piece.get(pos..)?.find('\n').map_or(piece.len(), |i| pos + i);
        if !piece.get(line_end..)?.trim().is_empty() {
            return None;
        }
        // The end of the row's text, before a comment on its line.
        let start = piece.get(..pos)?.rfind('\n').map_or(0, |i| i + 1);
        let line = piece.get(start..line_end)?;
        start + line.split("//").next().map_or(line, str::trim_end).len()
    };
    let before = piece.get(..end)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.get(line_start..)?;
    if !line.trim_start().starts_with('|') || line.ends_with('|') {
        return None;
    }
    let at = base + before.len();
    let span = Span::new(at - before.chars().next_back().map_or(1, char::len_utf8), at);
    // Into a next row, or the table's last row.
    Some(if later_line && !piece.get(pos..).unwrap_or("").trim().is_empty() {
        row_not_closed(span)
    } else {
        Diagnostic::error(
            "table-row",
            span,
            Text::new("this row has no closing `|`", "baris ini tidak ditutup dengan `|`"),
        )
        .with_help(Text::new("end the row with `|`", "akhiri baris dengan `|`"))
    })
}

/// A table row whose closing `|` is missing, at the end of its line.
fn row_not_closed(at: Span) -> Diagnostic {
    Diagnostic::error(
        "table-row",
        at,
        Text::new(
            "this row has no closing `|`, so it runs on into the next line",
            "baris ini tidak ditutup dengan `|`, sehingga bersambung ke baris berikutnya",
        ),
    )
    .with_help(Text::new("end the row with `|`", "akhiri baris dengan `|`"))
}

/// A parameter without its default (`param batas: int`) or a named value without `=` (`let
/// jumlah_telat sum(…)`, `let x := 1`): the parser stops somewhere before, at a word that is
/// right; said as what is missing, at the end of the name (or of the type).
fn missing_equals(piece: &str, base: usize) -> Option<Diagnostic> {
    let start = piece.len() - piece.trim_start().len();
    let line = piece.get(start..)?.lines().next()?;
    let code = line.split("//").next().unwrap_or(line).trim_end();
    // `=` at the start of the next line is there.
    let after_line = piece.get(start + line.len()..).unwrap_or("").trim_start();
    if after_line.starts_with('=') && !after_line.starts_with("==") {
        return None;
    }
    let (keyword, rest) = code.split_once(char::is_whitespace)?;
    let name_end = |rest: &str| rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
    let lead = keyword.len() + (rest.len() - rest.trim_start().len());
    let rest = rest.trim_start();
    match keyword {
        "param" | "parameter" if !code.contains('=') => {
            // After the type: the name, `:` and the type's first word.
            let (name, after) = rest.split_at(name_end(rest));
            let after = after.trim_start().strip_prefix(':')?.trim_start();
            let ty_len = after.find(char::is_whitespace).unwrap_or(after.len());
            let at = start + code.len() - after.len() + ty_len;
            Some(
                Diagnostic::error(
                    "syntax",
                    Span::new(base + at.saturating_sub(1), base + at),
                    Text::new(
                        format!("the parameter `{name}` has no default value"),
                        format!("parameter `{name}` tidak memiliki nilai bawaan"),
                    ),
                )
                .with_help(Text::new(
                    format!(
                        "give it one after `=`: `{keyword} {name}: {} = …` (an evaluation may override it)",
                        after.get(..ty_len).unwrap_or("")
                    ),
                    format!(
                        "beri nilai setelah `=`: `{keyword} {name}: {} = …` (evaluasi boleh menggantinya)",
                        after.get(..ty_len).unwrap_or("")
                    ),
                )),
            )
        }
        "let" | "misal" if !code.contains('=') || code.contains(":=") => {
            let (name, _) = rest.split_at(name_end(rest));
            if name.is_empty() {
                return None;
            }
            let at = start + lead + name.len();
            Some(
                Diagnostic::error(
                    "syntax",
                    Span::new(base + at.saturating_sub(1), base + at),
                    Text::new(
                        format!("`{name}` is given its value with `=`"),
                        format!("`{name}` diberi nilai dengan `=`"),
                    ),
                )
                .with_help(Text::new(format!("`{keyword} {name} = …`"), format!("`{keyword} {name} = …`"))),
            )
        }
        _ => None,
    }
}

/// Help when the error follows something left open: a text whose closing `"` is missing (so it
/// ran on to the next line), or a `(`, `[` or `{` never closed. Names where it was opened (line
/// and column in the whole source), since the error shows up further on.
fn unclosed(piece: &str, pos: usize, lines_before: usize) -> Option<Text> {
    let text = piece.get(..pos)?;
    // A `"""` text never closed fails where it opens (or just after it: `""` reads as an empty
    // text, then the third quote fails).
    let opening = (pos.saturating_sub(2)..=pos).find(|&i| piece.get(i..i + 3) == Some("\"\"\""));
    let never_closed = opening.is_some_and(|i| !piece.get(i + 3..).is_some_and(|r| r.contains("\"\"\"")));
    if let (Some(i), true) = (opening, never_closed) {
        let line = lines_before + piece.get(..i).map_or(0, |b| b.matches('\n').count()) + 1;
        return Some(Text::new(
            format!("the `\"\"\"` on line {line} is never closed: end the text with another `\"\"\"`"),
            format!("`\"\"\"` di baris {line} tidak pernah ditutup: akhiri teks dengan `\"\"\"` lagi"),
        ));
    }
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut string: Option<usize> = None;
    // The last one-line text closed, from its opening to its closing quote.
    let mut last_string: Option<(usize, usize)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(start) = string {
            match c {
                '\\' => {
                    chars.next();
                }
                // Inside a `"""` text only `"""` ends it.
                '"' if text.get(start..start + 3) == Some("\"\"\"")
                    && text.get(i..i + 3) == Some("\"\"\"")
                    && i > start + 2 =>
                {
                    chars.next();
                    chars.next();
                    string = None;
                }
                '"' if text.get(start..start + 3) == Some("\"\"\"") => {}
                '"' => {
                    last_string = Some((start, i));
                    string = None;
                }
                _ => {}
            }
            continue;
        }
        match c {
            '/' if text.get(i..i + 2) == Some("//") => {
                while chars.peek().is_some_and(|(_, c)| *c != '\n') {
                    chars.next();
                }
            }
            '"' => {
                string = Some(i);
                if text.get(i..i + 3) == Some("\"\"\"") {
                    chars.next();
                    chars.next();
                }
            }
            '(' | '[' | '{' => open.push((i, c)),
            ')' | ']' | '}' => {
                if open.last().is_some_and(|(_, o)| matches!((o, c), ('(', ')') | ('[', ']') | ('{', '}'))) {
                    open.pop();
                } else {
                    return None;
                }
            }
            _ => {}
        }
    }
    let at = |i: usize| {
        let before = text.get(..i).unwrap_or("");
        let line = lines_before + before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (format!("line {line}, column {column}"), format!("baris {line}, kolom {column}"))
    };
    // A one-line text that runs on past its line: still open at the error, or closed there by
    // the quote that opens the next text (`aturan s10 "Sepuluh tahun` then `sumber "PP…"`), just
    // before the error.
    let ran_on = |start: usize, en: &str, id: &str| -> Option<Text> {
        let shown: String = text.get(start..)?.lines().next()?.chars().take(30).collect();
        let (at_en, at_id) = at(start);
        Some(Text::new(
            format!("the text `{shown}` begun at {at_en} {en}: a `\"` is missing at the end of its line"),
            format!("teks `{shown}` yang dimulai di {at_id} {id}: `\"` di akhir barisnya hilang"),
        ))
    };
    if let Some(start) = string {
        let triple = text.get(start..start + 3) == Some("\"\"\"");
        if !triple && text.get(start..).is_some_and(|t| t.contains('\n')) {
            return ran_on(start, "is never closed", "tidak pernah ditutup");
        }
        return None;
    }
    if let Some((start, end)) = last_string {
        let after = text.get(end + 1..).unwrap_or("");
        if text.get(start..end).is_some_and(|t| t.contains('\n')) && !after.contains('\n') {
            return ran_on(start, "runs on to the next line", "berlanjut ke baris berikutnya");
        }
    }
    let (i, c) = *open.last()?;
    // Only a bracket opened on an earlier line, or a `(` / `[` left open on this one.
    let close = match c {
        '(' => ')',
        '[' => ']',
        _ => '}',
    };
    let same_line = !text.get(i..)?.contains('\n');
    if same_line && c == '{' {
        return None;
    }
    // Closed further on (`any(t yng x > 1)`, a `}` at the end of a table whose row is wrong):
    // the error is inside, not a missing bracket. Brackets in texts and comments do not count.
    let mut depth = 1usize;
    let mut rest = piece.get(pos..).unwrap_or("").chars().peekable();
    let mut quoted = false;
    while let Some(d) = rest.next() {
        match d {
            '\\' if quoted => {
                rest.next();
            }
            '"' => quoted = !quoted,
            '\n' => quoted = false,
            '/' if !quoted && rest.peek() == Some(&'/') => {
                while rest.peek().is_some_and(|x| *x != '\n') {
                    rest.next();
                }
            }
            _ if quoted => {}
            _ if d == c => depth += 1,
            _ if d == close => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    let (at_en, at_id) = at(i);
    Some(Text::new(
        format!("the `{c}` at {at_en} is never closed: a `{close}` is missing"),
        format!("`{c}` di {at_id} tidak pernah ditutup: `{close}` hilang"),
    ))
}

fn found_at(piece: &str, pos: usize) -> &str {
    let rest = piece.get(pos..).unwrap_or("");
    let rest = rest.trim_start();
    // A text in quotes, whole (`"PNS"`, `'PNS'`), when it closes on its line.
    if let Some(q) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let line = rest.lines().next().unwrap_or("");
        if let Some(close) = line.get(1..).and_then(|r| r.find(q)) {
            return rest.get(..close + 2).unwrap_or("");
        }
    }
    // A number whole, with the points or commas between its digits (`3.000.000`, not `3`).
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        let b = rest.as_bytes();
        let mut end = 0;
        while let Some(c) = b.get(end) {
            let separator = matches!(c, b'.' | b',') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
            if !(c.is_ascii_digit() || separator) {
                break;
            }
            end += 1;
        }
        if rest.get(..end).is_some_and(|n| n.contains(['.', ','])) {
            return rest.get(..end).unwrap_or("");
        }
    }
    let end = rest
        .char_indices()
        .find(|(i, c)| c.is_whitespace() || (*i > 0 && !(c.is_alphanumeric() || *c == '_')))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let end = if end == 0 { rest.chars().next().map(char::len_utf8).unwrap_or(0) } else { end };
    rest.get(..end).unwrap_or("")
}

/// `whole,fraction` written where one number was meant (`86,5`), at `at`: read as two values.
fn decimal_comma_error(at: Span, whole: &str, fraction: &str) -> Diagnostic {
    Diagnostic::error(
        "decimal-comma",
        at,
        Text::new(
            format!("`{whole},{fraction}` reads as two values, `{whole}` and `{fraction}`"),
            format!("`{whole},{fraction}` terbaca sebagai dua nilai, `{whole}` dan `{fraction}`"),
        ),
    )
}

/// Whether a JSON value (an example's `given`, a `with` value) is among those expected.
fn json_value_expected(positives: &[Rule]) -> bool {
    positives.iter().any(|r| matches!(r, Rule::json_value | Rule::json_object | Rule::json_array))
}

/// For an error at the start of a line, a number with a decimal comma on the line before
/// (`1..30 -> 0,5` in a lookup table, read on as `0`, then a key `5`): where its line starts, where
/// the comma is and where the number ends, in `piece`.
fn comma_on_line_before(piece: &str, pos: usize) -> Option<(usize, usize, usize)> {
    let upto = piece.get(..pos)?;
    let line_start = upto.rfind('\n').map_or(0, |i| i + 1);
    if !upto.get(line_start..)?.trim().is_empty() {
        return None;
    }
    let previous = upto.get(..line_start)?.trim_end();
    let from = previous.rfind('\n').map_or(0, |i| i + 1);
    let bytes = previous.as_bytes();
    let comma = (from + 1..bytes.len().saturating_sub(1)).find(|&i| {
        bytes.get(i) == Some(&b',')
            && bytes.get(i - 1).is_some_and(u8::is_ascii_digit)
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    })?;
    // Not in a text or a comment (`sumber "Pasal 3,4"`).
    let line_before = previous.get(from..comma)?;
    if line_before.contains('"') || line_before.contains("//") {
        return None;
    }
    let start = previous.get(..comma)?.rfind(|c: char| !c.is_ascii_digit() && c != '.').map_or(0, |i| i + 1);
    let end = comma
        + 1
        + previous.get(comma + 1..)?.find(|c: char| !c.is_ascii_digit()).unwrap_or(previous.len() - comma - 1);
    Some((from.max(start), comma, end))
}

/// A number written with its thousands separated (`1.750.000`, `35,000,000`) where the text
/// `before` a place ends and the text `rest` after it starts: where in `before` it starts, as
/// written, and the number to write.
fn thousands_around(before: &str, rest: &str) -> Option<(usize, String, String)> {
    let numberish = |c: char| c.is_ascii_digit() || c == '.' || c == ',';
    let tail_start = before.rfind(|c: char| !numberish(c)).map_or(0, |i| i + 1);
    let number: String =
        before.get(tail_start..).unwrap_or("").chars().chain(rest.chars().take_while(|c| numberish(*c))).collect();
    let number = number.trim_end_matches(['.', ',']);
    if !(number.contains([',', '.']) && number.starts_with(|c: char| c.is_ascii_digit())) {
        return None;
    }
    let plain = crate::plain_thousands(number).filter(|_| number.matches([',', '.']).count() >= 2)?;
    Some((tail_start, number.to_string(), plain))
}

/// `1.750.000` where a number was meant: the error is the number's, said as one (the reader stops
/// at `000`, "expected a name": after a point it reads a field).
fn thousands_error(piece: &str, base: usize, pos: usize) -> Option<Diagnostic> {
    let (before, rest) = (piece.get(..pos)?, piece.get(pos..)?);
    // Stopped after a separator (`1.750.` then `000`) or at one (`35` then `,000,000`).
    let at_separator = rest.starts_with(['.', ',']) && before.ends_with(|c: char| c.is_ascii_digit());
    if !(before.ends_with(['.', ',']) || at_separator) {
        return None;
    }
    let (start, number, plain) = thousands_around(before, rest)?;
    Some(
        Diagnostic::error(
            "syntax",
            Span::new(base + start, base + start + number.len()),
            Text::new(
                format!("`{number}` is not a number: a point is the decimal point, and a comma separates values"),
                format!("`{number}` bukan bilangan: titik adalah tanda desimal, dan koma memisahkan nilai"),
            ),
        )
        .with_help(crate::thousands_help(&plain, &number)),
    )
}

fn syntax_help(piece: &str, pos: usize, positives: &[Rule]) -> Option<Text> {
    if let Some(help) = odd_character_help(piece, pos) {
        return Some(help);
    }
    let before = piece.get(..pos).unwrap_or("").trim_end();
    if before.ends_with('=') && piece.get(pos..).is_some_and(|r| r.starts_with('=')) {
        return None;
    }
    let rest = piece.get(pos..).unwrap_or("").trim_start();
    // `when gaji > 5;`: a statement ended as in a programming language.
    if rest.starts_with(';') {
        return Some(Text::new(
            "remove the `;`: a policy needs no mark at the end of a line or a condition",
            "hapus `;`: kebijakan tidak memerlukan tanda di akhir baris atau syarat",
        ));
    }
    // `skor => 80`, `skor =< 80`: the order of a spreadsheet's symbols turned round.
    for (written, meant) in [("=>", ">="), ("=<", "<=")] {
        if rest.starts_with(written) {
            return Some(Text::new(
                format!("write `{meant}`, not `{written}`"),
                format!("tulis `{meant}`, bukan `{written}`"),
            ));
        }
    }
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if let Some(help) = period_help(piece, before, rest, &word, positives) {
        return Some(help);
    }
    // `with { … }` after the expectations: the parameters come before them.
    if positives.contains(&Rule::kw_expect) && matches!(word.as_str(), "with" | "dengan") {
        return Some(Text::new(
            format!("an example's parameters (`{word} {{ … }}`) come before its expectations, after `given {{ … }}`"),
            format!("parameter contoh (`{word} {{ … }}`) ditulis sebelum harapannya, sesudah `masukan {{ … }}`"),
        ));
    }
    // `exception to a, b`: one base per exception.
    if rest.starts_with(',') {
        let head = before.rsplit('\n').next().unwrap_or("").trim();
        let words: Vec<&str> = head.split_whitespace().collect();
        if let [.., "exception" | "pengecualian", "to" | "atas", base] = words.as_slice() {
            return Some(Text::new(
                format!("an exception has one base: keep `{base}` here and write another rule, an exception to the other"),
                format!("pengecualian hanya punya satu dasar: biarkan `{base}` di sini dan tulis aturan lain sebagai pengecualian atas yang lainnya"),
            ));
        }
    }
    // `pertama` alone in a table's head: the hit policy is `hit pertama`.
    if positives.contains(&Rule::table_header) && matches!(word.as_str(), "first" | "pertama" | "collect" | "kumpulkan")
    {
        return Some(Text::new(
            format!("a table's hit policy is written `hit {word}`"),
            format!("cara tabel memilih barisnya ditulis `hit {word}`"),
        ));
    }
    if rest.starts_with('=') && !rest.starts_with("==") {
        return Some(Text::new(
            "compare with `==`; a single `=` only gives a value a name",
            "bandingkan dengan `==`; `=` tunggal hanya untuk memberi nama",
        ));
    }
    let digits_before = |t: &str| {
        let start = t.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
        t.get(start..).unwrap_or("").to_string()
    };
    let digits_after = |t: &str| t.chars().take_while(char::is_ascii_digit).collect::<String>();
    let decimal_comma = |whole: String, fraction: String| Some(crate::decimal_comma_help(&whole, &fraction));
    // `37,000,000` or `37.000.000`: thousands separated, as spreadsheets and letters write them.
    if let Some((_, number, plain)) = thousands_around(before, rest) {
        return Some(crate::thousands_help(&plain, &number));
    }
    // `4,5`: the decimal comma of Indonesian writing.
    if before.ends_with(|c: char| c.is_ascii_digit())
        && rest.starts_with(',')
        && rest.get(1..).is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return decimal_comma(digits_before(before), digits_after(rest.get(1..).unwrap_or("")));
    }
    if rest.starts_with("&&") || rest.starts_with("||") {
        return Some(Text::new("write `and` / `or` (or `dan` / `atau`)", "tulis `dan` / `atau` (atau `and` / `or`)"));
    }
    // `89,5` in an example's facts, the error after the comma.
    if let Some(whole) = before.strip_suffix(',').filter(|n| n.ends_with(|c: char| c.is_ascii_digit())) {
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return decimal_comma(digits_before(whole), digits_after(rest));
        }
    }
    // `1..30 -> 0,5` in a lookup table: the comma reads on as `0`, then a key `5`, and the error
    // comes at the start of the next line.
    if let Some((start, comma, _)) = comma_on_line_before(piece, pos) {
        let (left, right) = (piece.get(start..comma).unwrap_or(""), piece.get(comma + 1..).unwrap_or(""));
        return decimal_comma(digits_before(left), digits_after(right));
    }
    // `1 Oktober 2021`: a date in words, where the reader stops at the day (after `pada`,
    // `mulai`) or at the month (in a condition, after the number it took for the day).
    let spelled = crate::spelled_date(rest).or_else(|| {
        let day = digits_before(before);
        (!day.is_empty() && before.len() == piece.get(..pos).unwrap_or("").trim_end().len())
            .then(|| crate::spelled_date(&format!("{day} {rest}")))
            .flatten()
    });
    if let Some(iso) = spelled {
        return Some(Text::new(
            format!("dates are written year-month-day in figures: `{iso}`"),
            format!("tanggal ditulis tahun-bulan-hari dengan angka: `{iso}`"),
        ));
    }
    // `31/12/2025`: a date as forms write it.
    let date: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '/' || *c == '.').collect();
    if let Some(iso) = crate::written_date(&date) {
        return Some(Text::new(
            format!("dates are written year-month-day: `{iso}`"),
            format!("tanggal ditulis tahun-bulan-hari: `{iso}`"),
        ));
    }
    let word = found_at(piece, pos);
    // After `from`, `until`, `on` a date: `2024-1-1` or `"2024-01-01"` (in a condition the
    // compiler says the same of them).
    let last_word = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    if matches!(last_word, "from" | "mulai" | "until" | "sampai" | "on" | "pada") {
        let token: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '{').collect();
        let quoted = token.starts_with('"');
        if let Some(iso) = crate::written_date(token.trim_matches('"')) {
            return Some(crate::date_help(&iso, quoted));
        }
    }
    // A value in an example's `given` (or `with`), as JSON writes it: `2023-10-1`, a date short of
    // a digit; `baik`, a text without its quotes.
    if json_value_expected(positives) {
        let token: String =
            rest.chars().take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '.')).collect();
        if let Some(iso) = crate::written_date(&token).filter(|_| token.contains('-') && token.len() != 10) {
            return Some(crate::date_help(&iso, false));
        }
    }
    // `facts` with its fields on the lines below, as a list would be written: braces.
    if is_keyword(last_word, &["kw_facts"]) && positives == [Rule::record_type] {
        let field = if word.is_empty() { "nip" } else { word };
        return Some(Text::new(
            format!("the facts are declared between braces, one per line: `facts {{ {field}: … }}`"),
            format!("fakta dideklarasikan di antara kurung kurawal, satu per baris: `fakta {{ {field}: … }}`"),
        ));
    }
    // `policy gaji "Gaji"`: a rule's id before the title, but a policy has a name only.
    if is_keyword(last_word, &["kw_policy"]) && word.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        let (en, id) = match rest.get(word.len()..).map(str::trim_start).filter(|r| r.starts_with('"')) {
            Some(_) => (
                "a policy has no id, only its name in double quotes",
                "kebijakan tidak memiliki id, hanya nama dalam tanda kutip",
            ),
            None => ("a policy's name is written in double quotes", "nama kebijakan ditulis dalam tanda kutip"),
        };
        let name = match rest.get(word.len()..).map(str::trim_start).and_then(|r| r.strip_prefix('"')) {
            Some(r) => r.split('"').next().unwrap_or(word).to_string(),
            None => word.to_string(),
        };
        return Some(Text::new(format!("{en}: `{last_word} \"{name}\"`"), format!("{id}: `{last_word} \"{name}\"`")));
    }
    let same_line = !piece.get(before.len()..pos).unwrap_or("").contains('\n');
    let ident_word = is_name(word);
    // `reward tpp persen: 10`: the parameters outside the brackets; `notice kurang jp`: a code
    // of several words.
    if let Some(code) = ends_with_outcome(before).filter(|_| same_line && ident_word && !keywords().contains(&word)) {
        let after = rest.get(word.len()..).unwrap_or("").trim_start();
        return Some(if after.starts_with(':') {
            Text::new(
                format!("an outcome's parameters go in brackets after its code: `{code}({word}: …)`"),
                format!("parameter hasil ditulis dalam kurung setelah kodenya: `{code}({word}: …)`"),
            )
        } else {
            // Every word of the code on the line (`satyalancana karya satya 10`), up to a
            // keyword or anything that is no name.
            let line = rest.split('\n').next().unwrap_or("");
            let words: Vec<&str> =
                line.split_whitespace().take_while(|w| is_name(w) && !keywords().contains(w)).collect();
            let joined = format!("{code}_{}", words.join("_"));
            Text::new(
                format!("an outcome's code is one word, joined with `_`: `{joined}`"),
                format!("kode hasil satu kata, disambung dengan `_`: `{joined}`"),
            )
        });
    }
    // `notice "kurang_jp"`, `rule "R" …`: a code or an id is a name, without quotes.
    if word.starts_with('"') && outcome_kinds().any(|k| k == last_word) {
        let name = word.trim_matches('"');
        return Some(Text::new(
            format!("an outcome's code is a name, without quotes: `{last_word} {name}`"),
            format!("kode hasil adalah nama, tanpa tanda kutip: `{last_word} {name}`"),
        ));
    }
    if word.starts_with('"') && is_keyword(last_word, &["kw_rule"]) {
        // The id written after the title (`rule "Cuti" cuti_lebih`) is the one to put first.
        let after = rest.get(word.len()..).map(str::trim_start).map(|r| found_at(r, 0)).unwrap_or("");
        let id = if is_name(after) && !keywords().contains(&after) { after } else { "tpp_prestasi" };
        return Some(Text::new(
            format!(
                "a rule starts with its id, the name decisions report it by, then its title: `{last_word} {id} {word}`"
            ),
            format!("aturan diawali id-nya, nama yang dipakai keputusan, lalu judulnya: `{last_word} {id} {word}`"),
        ));
    }
    // `rule r-1`, `alpa-hari: int`: a name with a dash (the error at the dash, or at the name).
    let dashed = |left: &str, after: &str| {
        let right = after.strip_prefix('-').map(|r| found_at(r, 0)).unwrap_or("");
        let joined = !left.is_empty()
            && right.starts_with(|c: char| c.is_alphanumeric())
            && right.chars().all(|c| c.is_alphanumeric() || c == '_');
        joined.then(|| {
            Text::new(
                format!("a name is joined with `_`, not `-`: `{left}_{right}`"),
                format!("nama disambung dengan `_`, bukan `-`: `{left}_{right}`"),
            )
        })
    };
    if piece.get(..pos).is_some_and(|b| b.len() == before.len()) {
        let left = before.rsplit(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
        if let Some(help) = dashed(left, rest) {
            return Some(help);
        }
    }
    if ident_word {
        if let Some(help) = dashed(word, rest.get(word.len()..).unwrap_or("")) {
            return Some(help);
        }
    }
    // `rule r source "…"`: the title left out.
    let mut two = before.rsplit(char::is_whitespace).filter(|w| !w.is_empty());
    if let (Some(id), Some(kw)) = (two.next(), two.next()) {
        if is_keyword(kw, &["kw_rule"]) && positives.contains(&Rule::string) {
            return Some(Text::new(
                format!("a rule's id is followed by its title in double quotes: `{kw} {id} \"…\"`"),
                format!("id aturan diikuti judulnya dalam tanda kutip: `{kw} {id} \"…\"`"),
            ));
        }
    }
    // `source PP 15/2019 when …`: the citation, a title or a version is text, in quotes, up to
    // the next keyword on its line.
    if positives.contains(&Rule::string)
        && is_keyword(last_word, &["kw_source", "kw_version", "kw_description"])
        && !rest.starts_with(['"', '“', '”', ':'])
    {
        let line = rest.lines().next().unwrap_or("");
        let words: Vec<&str> = line.split_whitespace().collect();
        let cut = words
            .iter()
            .position(|w| is_keyword(w, &["kw_when", "kw_then", "kw_hit", "kw_exception", "kw_effective"]))
            .unwrap_or(words.len());
        let text = words.get(..cut).unwrap_or_default().join(" ");
        let text = text.split("//").next().unwrap_or("").trim_end();
        if !text.is_empty() && !text.contains(['"', '“', '”']) {
            return Some(Text::new(
                format!("text is written in double quotes: `{last_word} \"{text}\"`"),
                format!("teks ditulis dalam tanda kutip ganda: `{last_word} \"{text}\"`"),
            ));
        }
    }
    // `elif`, `elsif`: another condition is written `else if`.
    if matches!(word, "elif" | "elsif" | "elseif" | "elsewhen") {
        let (els, iff) = if keyword_language(piece)("maka") { ("lainnya", "bila") } else { ("else", "if") };
        return Some(Text::new(
            format!("another condition is written `{els} {iff} …`, not `{word}`"),
            format!("syarat berikutnya ditulis `{els} {iff} …`, bukan `{word}`"),
        ));
    }
    // `source: "…"`, `when: …`: no colon after a keyword.
    if rest.starts_with(':')
        && is_keyword(
            last_word,
            &["kw_source", "kw_when", "kw_then", "kw_version", "kw_description", "kw_given", "kw_expect"],
        )
    {
        return Some(Text::new(
            format!("no `:` after `{last_word}`: `{last_word} …`"),
            format!("tanpa `:` setelah `{last_word}`: `{last_word} …`"),
        ));
    }
    // `then notice n source "…"`, `then … else …`: the outcome ends a rule.
    if is_keyword(word, &["kw_source", "kw_when", "kw_else"])
        && before.split(char::is_whitespace).any(|w| is_keyword(w, &["kw_then"]))
    {
        return Some(if is_keyword(word, &["kw_else"]) {
            Text::new(
                "a rule has no `else`: write another rule for the other case (or an `exception to` this one)",
                "aturan tidak memiliki `lainnya`: tulis aturan lain untuk keadaan lainnya (atau `pengecualian atas` aturan ini)",
            )
        } else {
            Text::new(
                format!("the outcome ends a rule: `{word}` comes before `then`"),
                format!("hasil mengakhiri aturan: `{word}` ditulis sebelum `maka`"),
            )
        });
    }
    // In a decision table's row: `| tpp(persen: 100) |`, an outcome without its kind; `| 90 s/d
    // 100 |`, a band as documents write it.
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if before.get(line_start..).is_some_and(|l| l.trim_start().starts_with('|')) {
        let cell = before.get(before.rfind('|').map_or(0, |i| i + 1)..).unwrap_or("").trim_start();
        if let Some((code, param)) = cell.split_once('(') {
            if is_name(code.trim()) && is_name(param.trim()) && rest.starts_with(':') {
                let code = code.trim();
                return Some(Text::new(
                    format!("an outcome names its kind first: `reward {code}(…)` (or `sanction`, `promotion`, `notice`)"),
                    format!("hasil diawali jenisnya: `penghargaan {code}(…)` (atau `sanksi`, `kenaikan_pangkat`, `pemberitahuan`)"),
                ));
            }
        }
        let low = digits_before(before);
        let band = ["s/d", "sd", "sampai", "hingga", "to", "until"].into_iter().find(|w| {
            rest.starts_with(w) && !rest.get(w.len()..).is_some_and(|r| r.starts_with(|c: char| c.is_alphanumeric()))
        });
        if let Some(w) = band.filter(|_| !low.is_empty()) {
            let high = digits_after(rest.get(w.len()..).unwrap_or("").trim_start());
            let high = if high.is_empty() { "…".to_string() } else { high };
            return Some(Text::new(
                format!("a band is written with `..`: `{low}..{high}` (both ends included; `{low}..<{high}` leaves {high} out)"),
                format!("rentang ditulis dengan `..`: `{low}..{high}` (kedua ujung termasuk; `{low}..<{high}` tanpa {high})"),
            ));
        }
    }
    // `when a > 1 and` then `then …`: a condition left out after `and`.
    if is_keyword(last_word, &["kw_and", "kw_or", "kw_not"]) && is_keyword(word, &["kw_then", "kw_source", "kw_when"]) {
        return Some(Text::new(
            format!("a condition is missing after `{last_word}`: write one, or remove `{last_word}`"),
            format!("kondisi setelah `{last_word}` hilang: tulis kondisinya, atau hapus `{last_word}`"),
        ));
    }
    // `enum Status PNS, CPNS }`: the values without their opening brace.
    let mut words = before.rsplit(char::is_whitespace).filter(|w| !w.is_empty());
    let (last, second) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let enum_name = if is_keyword(second, &["kw_enum"]) {
        Some(last)
    } else if is_keyword(last, &["kw_ordered"]) && is_keyword(words.next().unwrap_or(""), &["kw_enum"]) {
        Some(second)
    } else {
        None
    };
    if let Some(name) = enum_name.filter(|_| !rest.starts_with('{')) {
        let first = if ident_word { word } else { "a" };
        return Some(Text::new(
            format!("an enum's values follow in braces: `enum {name} {{ {first}, … }}`"),
            format!("nilai enum menyusul dalam kurung kurawal: `enum {name} {{ {first}, … }}`"),
        ));
    }
    // `given status: "PNS"`, `jabatan: jenis: "pelaksana" }`: a record's fields without its brace.
    let colon_after = rest.get(word.len()..).is_some_and(|r| r.trim_start().starts_with(':'));
    if ident_word && colon_after && positives.iter().any(|r| matches!(r, Rule::json_value | Rule::json_object)) {
        return Some(if is_keyword(last_word, &["kw_given"]) {
            Text::new(
                format!("an example's facts follow `{last_word}` in braces: `{last_word} {{ {word}: … }}`"),
                format!("fakta contoh menyusul `{last_word}` dalam kurung kurawal: `{last_word} {{ {word}: … }}`"),
            )
        } else {
            Text::new(
                format!("a record's fields are written in braces: `{{ {word}: … }}`"),
                format!("isian sebuah rekaman ditulis dalam kurung kurawal: `{{ {word}: … }}`"),
            )
        });
    }
    // `given { kelas = 2 }`: a fact of an example set with `=`.
    if ident_word
        && before.ends_with(['{', ','])
        && rest.get(word.len()..).is_some_and(|r| r.trim_start().starts_with('=') && !r.trim_start().starts_with("=="))
    {
        return Some(Text::new(
            format!("a fact in an example is given as `name: value`: `{word}: …`"),
            format!("fakta dalam contoh ditulis `nama: nilai`: `{word}: …`"),
        ));
    }
    // `expect none`, `harapkan tidak ada pemberitahuan`: no outcome is expected with `no`.
    if is_keyword(last_word, &["kw_expect"]) && matches!(word, "none" | "nothing" | "tidak_ada" | "tidak" | "nihil") {
        let (no, kind, sanction, none) = if last_word == "expect" {
            ("no", "notice", "sanction", "none")
        } else {
            ("tanpa", "pemberitahuan", "sanksi", "tidak_ada")
        };
        return Some(Text::new(
            format!("that no outcome of a kind is given is written `{last_word} {no} {kind}` (of one code, `{last_word} {no} {kind} code`); no sanction, `{last_word} {sanction} {none}`"),
            format!("untuk menyatakan tidak ada hasil suatu jenis, tulis `{last_word} {no} {kind}` (satu kode, `{last_word} {no} {kind} kode`); tanpa sanksi, `{last_word} {sanction} {none}`"),
        ));
    }
    // `expect reward none`: `none` is for a sanction; no outcome of another kind is `expect no reward`.
    if matches!(word, "none" | "nothing" | "tidak_ada" | "nihil") && outcome_kinds().any(|k| k == last_word) {
        let expect = before.split_whitespace().rev().nth(1).unwrap_or("");
        if is_keyword(expect, &["kw_expect"]) {
            let no = if expect == "expect" { "no" } else { "tanpa" };
            return Some(Text::new(
                format!("that no {last_word} is given is written `{expect} {no} {last_word}`; `{word}` is for a sanction"),
                format!("untuk menyatakan tidak ada {last_word}, tulis `{expect} {no} {last_word}`; `{word}` hanya untuk sanksi"),
            ));
        }
    }
    // `10%`: the language has no percent sign.
    if rest.starts_with('%') && before.ends_with(|c: char| c.is_ascii_digit()) {
        let n = digits_before(before);
        return Some(Text::new(
            format!("there is no `%`: write the number of percent, `{n}` (as in `persen: {n}`), and take a share as `x * {n} / 100`"),
            format!("tanda `%` tidak dipakai: tulis angka persennya saja, `{n}` (seperti `persen: {n}`); untuk menghitung bagian, tulis `x * {n} / 100`"),
        ));
    }
    // `status is "PNS"`: `is` only asks whether a fact is there.
    if is_keyword(last_word, &["kw_is"]) && !word.is_empty() && !word.starts_with(|c: char| c.is_alphabetic()) {
        let is_ = if last_word == "is" { "is absent` / `is present" } else { "adalah kosong` / `adalah ada" };
        return Some(Text::new(
            format!("`{is_}` ask whether a fact was sent; compare a value with `==`: `== {word}`"),
            format!("`{is_}` menanyakan apakah fakta dikirim; bandingkan nilai dengan `==`: `== {word}`"),
        ));
    }
    // `kelas <> 1`: "not equal" as spreadsheets write it.
    if rest.starts_with("<>") || (before.ends_with('<') && rest.starts_with('>')) {
        return Some(Text::new("write `!=` for \"not equal\"", "tulis `!=` untuk \"tidak sama dengan\""));
    }
    // `'PNS'`: a text in single quotes.
    if let Some(text) = word.strip_prefix('\'').and_then(|w| w.strip_suffix('\'')) {
        return Some(Text::new(
            format!("a text is written in double quotes: `\"{text}\"`"),
            format!("teks ditulis dalam tanda kutip ganda: `\"{text}\"`"),
        ));
    }
    // `helpers name(…)`: one helper is declared with `helper`.
    if matches!(last_word, "helpers" | "fungsi_bantu") && rest.get(word.len()..).is_some_and(|r| r.starts_with('(')) {
        return Some(Text::new(
            format!("one helper is declared with `helper {word}(…) -> type`; `helpers` takes a file name or a script in `\"\"\"…\"\"\"`"),
            format!("satu fungsi dideklarasikan dengan `fungsi {word}(…) -> tipe`; `fungsi_bantu` diikuti nama berkas atau skrip dalam `\"\"\"…\"\"\"`"),
        ));
    }
    // `ya` / `tidak` for a yes-or-no value (an example's facts, a comparison).
    if matches!(word, "ya" | "yes" | "no")
        || (word == "tidak"
            && !rest
                .get(word.len()..)
                .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_alphabetic() || c == '(')))
    {
        return Some(Text::new(
            "a yes-or-no value is written `true` or `false` (`benar` or `salah`)",
            "nilai ya-atau-tidak ditulis `benar` atau `salah` (`true` atau `false`)",
        ));
    }
    // `and tidak dispensasi`: "not" as Indonesian says it in speech.
    if last_word == "tidak" && !word.is_empty() && !keywords().contains(&format!("tidak_{word}").as_str()) {
        return Some(Text::new(
            format!("`not` is written `not` or `bukan`: `bukan {word}`"),
            format!("`tidak` ditulis `bukan` (atau `not`): `bukan {word}`"),
        ));
    }
    // `| lainnya | … |`: any value, in a decision table, is `-`.
    if matches!(word, "else" | "lainnya") && positives.iter().any(|r| matches!(r, Rule::table_row | Rule::cell)) {
        return Some(Text::new(
            "in a decision table a cell that takes any value is `-`; `else` is for lookup tables",
            "dalam tabel keputusan sel untuk nilai apa pun ditulis `-`; `lainnya` untuk tabel pencarian",
        ));
    }
    // A keyword of two words written apart (`tidak ada`, `belum pasti`, `kenaikan pangkat`).
    let joined = format!("{last_word}_{word}");
    if !word.is_empty() && keywords().contains(&joined.as_str()) {
        return Some(Text::new(
            format!("`{joined}` is one word, joined with `_`"),
            format!("`{joined}` satu kata, disambung dengan `_`"),
        ));
    }
    // An outcome's kind misspelt (`rewrad tpp(…)`, `sanski teguran`): the parser stops at the
    // code after it, which is no slip itself.
    if ident_word && is_name(last_word) && !keywords().contains(&last_word) {
        let mine = keyword_language(piece);
        let kinds: Vec<&str> =
            outcome_kinds().filter(|k| mine(k) || strsim::osa_distance(&last_word.to_lowercase(), k) <= 1).collect();
        if let Some(near) = crate::did_you_mean(last_word, kinds).filter(|k| k.len().abs_diff(last_word.len()) <= 2) {
            return Some(Text::new(format!("did you mean `{near} {word}`?"), format!("maksud Anda `{near} {word}`?")));
        }
    }
    // Everyday words for a keyword (`apabila`, `kalau` for `jika`; `hadiah` for `penghargaan`),
    // where that keyword could stand.
    if let Some(k) = keyword_for_everyday_word(piece, word, positives) {
        return Some(Text::new(format!("`{word}` is written `{k}` here"), format!("`{word}` ditulis `{k}` di sini")));
    }
    // `jika … maka … lainnya` inside an expression: a choice there is `bila` (`if`).
    if matches!(word, "jika" | "when") {
        let line = rest.split('\n').next().unwrap_or("");
        if line.split_whitespace().any(|w| matches!(w, "lainnya" | "else")) {
            let (choice, then, other) =
                if word == "jika" { ("bila", "maka", "lainnya") } else { ("if", "then", "else") };
            return Some(Text::new(
                format!("inside an expression a choice is written `{choice} … {then} … {other} …`; `{word}` starts a rule's condition"),
                format!("di dalam ekspresi pilihan ditulis `{choice} … {then} … {other} …`; `{word}` mengawali syarat aturan"),
            ));
        }
    }
    // `antara 1 dan 30`, `between 1 and 30`: a range.
    if matches!(word, "antara" | "between") {
        return Some(Text::new(
            "a range is written with `in`: `in 1..30` (both ends included; `1..<30` leaves 30 out)",
            "rentang ditulis dengan `dalam`: `dalam 1..30` (kedua ujung termasuk; `1..<30` tanpa 30)",
        ));
    }
    // A text without its quotes where a JSON value is expected (`predikat: baik` in `given`).
    if json_value_expected(positives)
        && is_name(word)
        && !keywords().contains(&word)
        && before.trim_end().ends_with([':', '[', ','])
    {
        return Some(Text::new(
            format!("a text is written in double quotes: `\"{word}\"`"),
            format!("teks ditulis dalam tanda kutip: `\"{word}\"`"),
        ));
    }
    // A keyword misspelt (`jkia`, `hit colect`, `atruan`): the nearest of those expected there,
    // else the nearest keyword.
    if word.len() >= 2 && word.chars().all(|c| c.is_alphanumeric() || c == '_') && !keywords().contains(&word) {
        // In the language the declaration is written in (`tahun` in an Indonesian rule is no
        // slip for `then`); a keyword of the other language only when one slip away (`jkia`).
        let mine = keyword_language(piece);
        let expected = expected_keywords(positives);
        let slip = |k: &&str| mine(k) || strsim::osa_distance(&word.to_lowercase(), k) <= 1;
        let near = crate::did_you_mean(word, expected.iter().copied().filter(slip))
            .or_else(|| crate::did_you_mean(word, keywords().iter().copied().filter(slip)))
            .filter(|k| k.len().abs_diff(word.len()) <= 2)?;
        return Some(Text::new(format!("did you mean `{near}`?"), format!("maksud Anda `{near}`?")));
    }
    None
}

/// A period written as a regulation writes it: `mulai tanggal 2026-03-01`, `sampai dengan …`,
/// `s/d …`, `hingga …`, `berlaku sejak …`, or a date right after `berlaku`.
fn period_help(piece: &str, before: &str, rest: &str, word: &str, positives: &[Rule]) -> Option<Text> {
    let last = before.rsplit(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
    let lower = word.to_lowercase();
    // The keywords in the language the declaration is written in.
    let mine = keyword_language(piece);
    let (id, en) = (mine("sampai"), mine("until"));
    let indonesian = if id != en { id } else { matches!(last, "mulai" | "sampai" | "berlaku") };
    let (from, until) = if indonesian { ("mulai", "sampai") } else { ("from", "until") };
    let only_date = !positives.is_empty() && positives.iter().all(|r| *r == Rule::date);
    if only_date && matches!(last, "mulai" | "sampai" | "from" | "until") {
        if matches!(lower.as_str(), "tanggal" | "tgl" | "tahun" | "date") {
            return Some(Text::new(
                format!("write the date right after `{last}`, without `{word}`: `{last} 2026-03-01`"),
                format!("tulis tanggalnya langsung sesudah `{last}`, tanpa `{word}`: `{last} 2026-03-01`"),
            ));
        }
        if last == "sampai" && lower == "dengan" {
            return Some(Text::new(
                "`sampai dengan` is written `sampai` alone, and the day is included: `sampai 2026-12-31`",
                "`sampai dengan` ditulis `sampai` saja, dan harinya termasuk: `sampai 2026-12-31`",
            ));
        }
    }
    let until_may_follow = positives.iter().any(|r| matches!(r, Rule::until_date | Rule::kw_until));
    let from_or_until = positives.iter().any(|r| matches!(r, Rule::from_date | Rule::kw_from));
    let written_until = matches!(lower.as_str(), "hingga" | "sd" | "sampai_dengan" | "to")
        || rest.starts_with("s/d")
        || rest.starts_with("s.d.");
    if (until_may_follow || from_or_until) && written_until {
        let shown =
            if lower.is_empty() || lower == "s" { rest.split_whitespace().next().unwrap_or(word) } else { word };
        return Some(Text::new(
            format!("the last day of a period follows `{until}`, not `{shown}`: `{from} 2026-03-01 {until} 2026-12-31` (the day is included)"),
            format!("hari terakhir suatu masa ditulis sesudah `{until}`, bukan `{shown}`: `{from} 2026-03-01 {until} 2026-12-31` (harinya termasuk)"),
        ));
    }
    if from_or_until {
        if matches!(lower.as_str(), "sejak" | "dari" | "since" | "mulai_tanggal" | "tmt") {
            return Some(Text::new(
                format!("a period begins with `{from}`: `{last} {from} 2026-03-01`"),
                format!("suatu masa dimulai dengan `{from}`: `{last} {from} 2026-03-01`"),
            ));
        }
        let date = rest.split_whitespace().next().unwrap_or("");
        if date.len() >= 8 && date.chars().take(4).all(|c| c.is_ascii_digit()) {
            return Some(Text::new(
                format!("say which end of the period the date is: `{last} {from} {date}` (from that day) or `{last} {until} {date}` (until it)"),
                format!("sebutkan ujung masa yang mana: `{last} {from} {date}` (mulai hari itu) atau `{last} {until} {date}` (sampai hari itu)"),
            ));
        }
    }
    None
}

/// Words officers write for a keyword, by the keyword's rule: the keyword to write instead.
const EVERYDAY_WORDS: &[(&str, &[&str])] = &[
    ("kw_when", &["apabila", "kalau", "jikalau", "bilamana", "ketika", "if"]),
    ("kw_then", &["lalu", "kemudian", "berikan"]),
    ("kw_reward", &["hadiah"]),
    ("kw_sanction", &["hukuman", "hukdis"]),
    ("kw_expect", &["hasil", "diharapkan", "harap", "hasilnya"]),
    ("kw_on", &["tanggal", "tgl", "per"]),
    ("kw_and", &["serta", "beserta", "juga", "sekaligus"]),
    ("kw_or", &["ataupun", "maupun"]),
];

/// The keyword an everyday word (`apabila`) stands for, when that keyword is one the parser
/// expected where it stopped; in the language `piece` is written in.
fn keyword_for_everyday_word(piece: &str, word: &str, positives: &[Rule]) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let (name, _) = EVERYDAY_WORDS.iter().find(|(_, words)| words.contains(&lower.as_str()))?;
    let expected = expected_keywords(positives);
    let (_, spellings) = keyword_rules().iter().find(|(n, _)| n == name)?;
    let mine = keyword_language(piece);
    let possible: Vec<&'static str> = spellings.iter().copied().filter(|k| expected.contains(k)).collect();
    possible.iter().copied().find(|k| mine(k)).or_else(|| possible.first().copied())
}

/// Which keywords belong to the language `text` is written in, by the keywords it uses: English
/// ones (`when`, `then`), Indonesian ones (`jika`, `maka`), or either when it is not clear.
fn keyword_language(text: &str) -> impl Fn(&str) -> bool {
    let rules = keyword_rules();
    // The first spelling of each keyword is the English one; one spelt once is both.
    let english = |w: &str| rules.iter().any(|(_, s)| s.len() > 1 && s.first() == Some(&w));
    let indonesian = |w: &str| w != "param" && rules.iter().any(|(_, s)| s.iter().skip(1).any(|x| *x == w));
    // Keywords only: not the words of titles and citations, which may be in either language, nor
    // of comments (a policy with Indonesian keywords may well be annotated in English).
    let uncommented: String = text.lines().map(without_comment).collect::<Vec<_>>().join("\n");
    let code: String = uncommented.split('"').step_by(2).collect::<Vec<_>>().join(" ");
    let words = code.split(|c: char| !(c.is_alphanumeric() || c == '_'));
    let (mut en, mut id) = (0usize, 0usize);
    for w in words {
        en += usize::from(english(w));
        id += usize::from(indonesian(w));
    }
    move |k: &str| match en.cmp(&id) {
        std::cmp::Ordering::Less => !english(k),
        std::cmp::Ordering::Greater => !indonesian(k),
        std::cmp::Ordering::Equal => true,
    }
}

/// A line without its `//` comment (one inside a text, `"http://…"`, is no comment).
fn without_comment(line: &str) -> &str {
    let mut in_text = false;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_text = !in_text,
            '/' if prev == '/' && !in_text => return line.get(..i - 1).unwrap_or(line),
            _ => {}
        }
        prev = c;
    }
    line
}

/// The keywords that could stand where the parser stopped: those of the keyword rules expected,
/// and the declaration keywords between declarations.
fn expected_keywords(positives: &[Rule]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for r in positives {
        let names: &[&str] = match r {
            Rule::then_clause => &["kw_then"],
            Rule::when_clause => &["kw_when"],
            Rule::source_clause => &["kw_source"],
            Rule::expectation => &["kw_expect"],
            Rule::outcome | Rule::outcome_kind => &["kw_sanction", "kw_reward", "kw_promotion", "kw_notice"],
            Rule::EOI | Rule::item | Rule::lone_item => &[
                "kw_policy",
                "kw_facts",
                "kw_enum",
                "kw_param",
                "kw_let",
                "kw_table",
                "kw_decision",
                "kw_rule",
                "kw_severity",
                "kw_combine",
                "kw_example",
                "kw_helpers",
                "kw_helper",
            ],
            _ => &[],
        };
        let own = format!("{r:?}");
        for (name, words) in keyword_rules() {
            if names.contains(name) || *name == own {
                out.extend(words.iter().copied());
            }
        }
    }
    out
}

/// Every keyword of the language, in English and Indonesian, as the grammar spells them.
fn keywords() -> &'static [&'static str] {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| keyword_rules().iter().flat_map(|(_, words)| words.iter().copied()).collect())
}

/// The keyword rules of the grammar (`kw_rule`) with their spellings (`rule`, `aturan`).
fn keyword_rules() -> &'static [(&'static str, Vec<&'static str>)] {
    static RULES: std::sync::OnceLock<Vec<(&'static str, Vec<&'static str>)>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let grammar: &'static str = include_str!("grammar.pest");
        let mut rules = Vec::new();
        for line in grammar.lines().filter(|l| l.starts_with("kw_")) {
            // `kw_rule = @{ ("rule" | "aturan") ~ !ident_char }`: the name and the quoted spellings.
            let name = line.split([' ', '=']).next().unwrap_or("");
            let words = line
                .split('"')
                .skip(1)
                .step_by(2)
                .filter(|w| w.chars().all(|c| c.is_alphanumeric() || c == '_'))
                .collect();
            rules.push((name, words));
        }
        rules
    })
}

/// Help for a character the language does not use where an error is, which a word processor, a
/// document it was copied from or a keyboard layout put in place of one it does: curly quotes,
/// `≥`, a dash for a minus, a non-breaking space, an accented letter in a name.
/// The Latin letter a Cyrillic or Greek one looks the same as, if any.
fn lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' | 'χ' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Н' | 'Η' => 'H',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        _ => return None,
    })
}

fn odd_character_help(piece: &str, pos: usize) -> Option<Text> {
    let rest = piece.get(pos..).unwrap_or("");
    let lead = rest.len() - rest.trim_start().len();
    let found = found_at(piece, pos);
    if found.starts_with('"') {
        // A text that does not end on its line, because it ends with a curly quote.
        let line = rest.trim_start().lines().next().unwrap_or("");
        let curly = line.chars().skip(1).find(|c| matches!(c, '“' | '”' | '„' | '‟'))?;
        return Some(Text::new(
            format!("this text does not end on its line: `{curly}` is a curly quote; end it with a straight `\"`"),
            format!(
                "teks ini tidak berakhir di barisnya: `{curly}` adalah tanda kutip lengkung; akhiri dengan `\"` lurus"
            ),
        ));
    }
    let stretch = rest.get(..lead).unwrap_or("").chars().chain(found.chars());
    // Else a letter outside the alphabet further on the line, outside quotes (`let bérat = …`
    // fails at `let`): the name it is in cannot be read.
    let later = || {
        let line = rest.lines().next().unwrap_or("");
        let mut quoted = false;
        line.chars().find(|c| {
            if *c == '"' {
                quoted = !quoted;
            }
            !quoted && !c.is_ascii() && c.is_alphanumeric()
        })
    };
    let odd = stretch.into_iter().find(|c| !c.is_ascii()).or_else(later)?;
    let code = format!("U+{:04X}", u32::from(odd));
    let (en, id) = match odd {
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' => (
            format!("text goes in straight double quotes `\"…\"`; `{odd}` is a curly quote, as word processors write them"),
            format!("teks ditulis dalam tanda kutip lurus `\"…\"`; `{odd}` adalah tanda kutip lengkung dari pengolah kata"),
        ),
        '‘' | '’' | '‚' | '‛' | '′' => (
            "text goes in straight double quotes `\"…\"`".to_string(),
            "teks ditulis dalam tanda kutip lurus ganda `\"…\"`".to_string(),
        ),
        '≥' | '≤' | '≠' | '×' | '÷' => {
            let ascii = match odd {
                '≥' => ">=",
                '≤' => "<=",
                '≠' => "!=",
                '×' => "*",
                _ => "/",
            };
            (format!("write `{odd}` as `{ascii}`"), format!("tulis `{odd}` sebagai `{ascii}`"))
        }
        '−' | '–' | '—' | '‐' | '‑' => (
            format!("`{odd}` is a dash: write `-` for minus, or `..` for a range (`80..90`)"),
            format!("`{odd}` adalah tanda pisah: tulis `-` untuk minus, atau `..` untuk rentang (`80..90`)"),
        ),
        c if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}') => (
            format!("there is a non-breaking or invisible space ({code}) here, as copied from a document; type an ordinary space"),
            format!("ada spasi tak terputus atau tak terlihat ({code}) di sini, tersalin dari dokumen; ketik spasi biasa"),
        ),
        // A letter of another alphabet that looks like a Latin one (pasted from a document in
        // another script, or typed on another keyboard): the reader cannot see which it is.
        c if lookalike(c).is_some() => {
            let latin = lookalike(c).unwrap_or('?');
            (
                format!("`{c}` ({code}) is not the Latin `{latin}` it looks like; type `{latin}` again"),
                format!("`{c}` ({code}) bukan huruf Latin `{latin}` walau tampak sama; ketik ulang `{latin}`"),
            )
        }
        c if c.is_alphabetic() => (
            format!("`{c}` cannot be part of a name: names are written with the letters a–z and A–Z, digits and `_`"),
            format!("`{c}` tidak bisa menjadi bagian nama: nama ditulis dengan huruf a–z dan A–Z, angka dan `_`"),
        ),
        // `²`, `½`: a figure of a word processor.
        c if c.is_alphanumeric() => (
            format!("`{c}` cannot be part of a name: names are written with the letters a–z and A–Z, the digits 0–9 and `_`; leave it out"),
            format!("`{c}` tidak bisa menjadi bagian nama: nama ditulis dengan huruf a–z dan A–Z, angka 0–9 dan `_`; hapus saja"),
        ),
        _ => return None,
    };
    Some(Text::new(en, id))
}

fn expected_words(positives: &[Rule]) -> (String, String) {
    // After `from`, `until` or `on`, where only a date can stand.
    if !positives.is_empty() && positives.iter().all(|r| *r == Rule::date) {
        return ("a date YYYY-MM-DD".into(), "tanggal YYYY-MM-DD".into());
    }
    let mut en: Vec<&str> = Vec::new();
    let mut id: Vec<&str> = Vec::new();
    for r in positives {
        let (e, i) = rule_words(*r);
        if !en.contains(&e) {
            en.push(e);
            id.push(i);
        }
    }
    if en.len() > 1 {
        let keep: Vec<usize> = (0..en.len()).filter(|&i| en.get(i) != Some(&"something else")).collect();
        en = keep.iter().filter_map(|&i| en.get(i).copied()).collect();
        id = keep.iter().filter_map(|&i| id.get(i).copied()).collect();
    }
    // Only keywords the words above do not name (`hit colect`): those keywords.
    if en.is_empty() || en == ["something else"] {
        for (e, i) in positives.iter().filter_map(|r| keyword_words(*r)) {
            if !en.contains(&e) {
                en.push(e);
                id.push(i);
            }
        }
        en.retain(|w| *w != "something else");
        id.retain(|w| *w != "sesuatu yang lain");
    }
    if en.is_empty() {
        return ("something else".into(), "sesuatu yang lain".into());
    }
    (join_words(&en, "or"), join_words(&id, "atau"))
}

/// A keyword rule as its spellings, `` `first` `` and `` `pertama` ``.
fn keyword_words(r: Rule) -> Option<(&'static str, &'static str)> {
    static WORDS: std::sync::OnceLock<Vec<(String, String, String)>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        keyword_rules()
            .iter()
            .filter_map(|(name, spellings)| {
                let en = spellings.first()?;
                let id = spellings.get(1).unwrap_or(en);
                Some((name.to_string(), format!("`{en}`"), format!("`{id}`")))
            })
            .collect()
    });
    let own = format!("{r:?}");
    words.iter().find(|(name, ..)| *name == own).map(|(_, en, id)| (en.as_str(), id.as_str()))
}

fn join_words(words: &[&str], or: &str) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} {or} {last}", init.join(", ")),
    }
}

fn rule_words(r: Rule) -> (&'static str, &'static str) {
    match r {
        Rule::header | Rule::kw_policy => {
            ("`policy \"name\"` at the start of the file", "`kebijakan \"nama\"` di awal berkas")
        }
        Rule::expr
        | Rule::primary
        | Rule::if_expr
        | Rule::aggregate
        | Rule::call
        | Rule::literal
        | Rule::list_lit
        | Rule::range
        | Rule::sanction_ref
        | Rule::outcome_ref
        | Rule::true_lit
        | Rule::false_lit
        | Rule::none_lit
        | Rule::number
        | Rule::json_number
        | Rule::date => ("an expression", "sebuah ekspresi"),
        Rule::ident => ("a name", "sebuah nama"),
        Rule::string => ("a text in double quotes", "teks dalam tanda kutip"),
        // After a whole declaration: the next one, or nothing more.
        Rule::EOI => (
            "a new declaration (`rule`, `let`, `table`, …) or the end of the file",
            "deklarasi baru (`aturan`, `misal`, `tabel`, …) atau akhir berkas",
        ),
        Rule::then_clause | Rule::kw_then => ("`then` and an outcome", "`maka` diikuti hasilnya"),
        Rule::outcome
        | Rule::outcome_kind
        | Rule::kw_sanction
        | Rule::kw_reward
        | Rule::kw_promotion
        | Rule::kw_notice => (
            "an outcome (`sanction`, `reward`, `promotion` or `notice`)",
            "sebuah hasil (`sanksi`, `penghargaan`, `kenaikan_pangkat` atau `pemberitahuan`)",
        ),
        Rule::type_expr | Rule::list_type | Rule::record_type => ("a type", "sebuah tipe"),
        Rule::field => ("a field `name: type`", "sebuah isian `nama: tipe`"),
        Rule::item
        | Rule::enum_decl
        | Rule::facts_decl
        | Rule::param_decl
        | Rule::let_decl
        | Rule::lookup_table
        | Rule::decision_table
        | Rule::rule_decl
        | Rule::severity_decl
        | Rule::combine_decl
        | Rule::example_decl
        | Rule::helpers_decl
        | Rule::helper_decl => (
            "a declaration (`rule`, `let`, `facts`, `table`, …)",
            "sebuah deklarasi (`aturan`, `misal`, `fakta`, `tabel`, …)",
        ),
        Rule::op_or
        | Rule::op_and
        | Rule::op_eq
        | Rule::op_ne
        | Rule::op_le
        | Rule::op_ge
        | Rule::op_lt
        | Rule::op_gt
        | Rule::op_in
        | Rule::op_not_in
        | Rule::op_add
        | Rule::op_sub
        | Rule::op_mul
        | Rule::op_div
        | Rule::op_otherwise
        | Rule::field_access
        | Rule::op_is_absent
        | Rule::op_is_present => ("an operator", "sebuah operator"),
        Rule::table_row | Rule::cell | Rule::cell_test | Rule::cell_any => {
            ("a table row `| … |`", "sebuah baris tabel `| … |`")
        }
        Rule::lookup_row | Rule::lookup_key => (
            "a row `key -> value` (the value is one plain value) or `}`",
            "sebuah baris `kunci -> nilai` (nilainya satu nilai biasa) atau `}`",
        ),
        Rule::table_header => {
            ("the table's header row `| input | outcome |`", "baris judul tabel `| masukan | hasil |`")
        }
        Rule::source_clause | Rule::kw_source => ("`source`", "`sumber`"),
        Rule::when_clause | Rule::kw_when => ("`when`", "`jika`"),
        Rule::json_value | Rule::json_object | Rule::json_array | Rule::json_pair => ("a value", "sebuah nilai"),
        Rule::expectation | Rule::kw_expect => ("`expect`", "`harapkan`"),
        Rule::kw_else => ("`else`", "`lainnya`"),
        Rule::kw_in => ("`in`", "`dalam`"),
        Rule::kw_of => ("`of`", "`dari`"),
        Rule::kw_by => ("`by` and a field", "`menurut` dan sebuah isian"),
        Rule::kw_to => ("`to`", "`atas`"),
        Rule::kw_on => ("`on` and a date", "`pada` dan sebuah tanggal"),
        Rule::kw_given | Rule::example_given => ("`given { … }`", "`masukan { … }`"),
        Rule::severity_level => ("a level `name: code, code`", "sebuah tingkat `nama: kode, kode`"),
        _ => ("something else", "sesuatu yang lain"),
    }
}

fn pratt() -> PrattParser<Rule> {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left)
            | Op::infix(Rule::op_not_in, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::infix(Rule::op_otherwise, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
        .op(Op::postfix(Rule::field_access) | Op::postfix(Rule::op_is_absent) | Op::postfix(Rule::op_is_present))
}

/// Where a clause is written, for the message about one written twice.
#[derive(Clone, Copy)]
enum Where {
    Header,
    Rule,
    Table,
}

#[derive(Default)]
struct Builder {
    errors: Vec<Diagnostic>,
}

fn span(p: &Pair<'_, Rule>) -> Span {
    p.as_span().into()
}

/// A number's bounds (`>= 0`, `in 0..100`), of a fact or a parameter.
fn bounds(p: Pair<'_, Rule>) -> Option<Constraint> {
    let c = p.into_inner().next()?;
    let csp = span(&c);
    let nums: Vec<String> =
        c.clone().into_inner().filter(|n| n.as_rule() == Rule::number).map(|n| n.as_str().to_string()).collect();
    match (c.as_rule(), nums.as_slice()) {
        (Rule::at_least, [a]) => Some(Constraint::AtLeast(a.clone(), csp)),
        (Rule::between, [a, b]) => Some(Constraint::Between(a.clone(), b.clone(), csp)),
        _ => None,
    }
}

fn ident(p: Pair<'_, Rule>) -> Ident {
    Ident { name: p.as_str().to_string(), span: span(&p) }
}

/// The character an escape `\c` in a text stands for, for the escapes the language knows.
fn escaped(c: char) -> Option<char> {
    match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        '"' | '\\' => Some(c),
        _ => None,
    }
}

fn unquote(p: Pair<'_, Rule>) -> String {
    // string = "\"" str_inner "\"" ; raw_string = "\"\"\"" raw_inner "\"\"\""
    let inner = p.into_inner().next().map(|i| i.as_str()).unwrap_or("");
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            // (An escape the language does not know is an error: `unknown_escapes`.)
            if let Some(next) = chars.next() {
                out.push(escaped(next).unwrap_or(next));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn raw_or_string(p: Pair<'_, Rule>) -> String {
    match p.as_rule() {
        Rule::raw_string => p.into_inner().next().map(|i| i.as_str().to_string()).unwrap_or_default(),
        _ => unquote(p),
    }
}

/// A description as its reader means it: in a `"""` text, without the line breaks after the
/// opening and before the closing quotes and without the indentation every line shares (the
/// text is laid out in the policy, not part of it); a one-line text as written.
fn description_text(p: Pair<'_, Rule>) -> String {
    let raw = p.as_rule() == Rule::raw_string;
    let text = raw_or_string(p);
    if !raw {
        return text;
    }
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else { return String::new() };
    let kept = lines.get(first..=last).unwrap_or_default();
    let indent = kept
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    kept.iter().map(|l| l.get(indent..).unwrap_or("").trim_end()).collect::<Vec<_>>().join("\n")
}

impl Builder {
    fn file(&mut self, file: Pair<'_, Rule>) -> Option<Policy> {
        let mut inner = file.into_inner();
        let header = inner.next()?;
        let mut policy = self.header(header)?;
        for item in inner {
            if item.as_rule() == Rule::EOI {
                break;
            }
            if let Some(it) = self.item(item) {
                policy.items.push(it);
            }
        }
        Some(policy)
    }

    fn header(&mut self, header: Pair<'_, Rule>) -> Option<Policy> {
        let mut it = header.into_inner();
        let _kw = it.next()?;
        let name_pair = it.next()?;
        let name_span = span(&name_pair);
        let mut policy = Policy {
            name: unquote(name_pair),
            name_span,
            version: None,
            effective: Effective::default(),
            description: None,
            items: Vec::new(),
        };
        let mut seen = Vec::new();
        for clause in it {
            self.once(&mut seen, &clause, Where::Header);
            match clause.as_rule() {
                Rule::version_clause => policy.version = clause.into_inner().nth(1).map(unquote),
                Rule::effective_clause => policy.effective = effective(clause),
                Rule::description_clause => policy.description = clause.into_inner().nth(1).map(description_text),
                _ => {}
            }
        }
        Some(policy)
    }

    fn item(&mut self, item: Pair<'_, Rule>) -> Option<Item> {
        Some(match item.as_rule() {
            Rule::enum_decl => {
                let mut it = item.into_inner().skip(1);
                let name = ident(it.next()?);
                let mut ordered = false;
                let mut values = Vec::new();
                for p in it {
                    match p.as_rule() {
                        Rule::ordered => ordered = true,
                        Rule::enum_value => {
                            let v = p.into_inner().next()?;
                            let sp = span(&v);
                            let name = if v.as_rule() == Rule::string { unquote(v) } else { v.as_str().to_string() };
                            values.push(Ident { name, span: sp });
                        }
                        _ => {}
                    }
                }
                Item::Enum(EnumDecl { name, ordered, values })
            }
            Rule::facts_decl => Item::Facts(self.record(item.into_inner().nth(1)?)?),
            Rule::param_decl => {
                let mut it = item.into_inner().skip(1).peekable();
                let name = ident(it.next()?);
                let ty = self.type_expr(it.next()?)?;
                let constraint = it.next_if(|c| c.as_rule() == Rule::constraint).and_then(bounds);
                let default = self.expr(it.next()?)?;
                let doc = it.next().and_then(|d| d.into_inner().nth(1)).map(unquote);
                Item::Param(ParamDecl { name, ty, constraint, default, doc })
            }
            Rule::let_decl => {
                let mut it = item.into_inner().skip(1);
                let name = ident(it.next()?);
                let body = it.next()?;
                if body.as_rule() != Rule::let_filter {
                    let value = self.expr(body)?;
                    return Some(Item::Let(LetDecl { name, value, filter: None }));
                }
                let mut parts = body.into_inner();
                let list = parts.next()?;
                let (binder, value) = if list.as_rule() == Rule::agg_bind {
                    let mut b = list.into_inner();
                    let binder = ident(b.next()?);
                    b.next(); // `in`
                    (Some(binder), self.expr(b.next()?)?)
                } else {
                    (None, self.expr(list)?)
                };
                let yang = parts.next()?.as_str() == "yang";
                let cond = self.expr(parts.next()?)?;
                Item::Let(LetDecl { name, value, filter: Some(LetFilter { binder, cond, yang }) })
            }
            Rule::lookup_table => {
                let mut it = item.into_inner().skip(1);
                let name = ident(it.next()?);
                let key = self.type_expr(it.next()?)?;
                let value = self.type_expr(it.next()?)?;
                let mut rows = Vec::new();
                for row in it {
                    let sp = span(&row);
                    let text = row.as_str();
                    let mut keys: Vec<Cell> = Vec::new();
                    let mut key_spans = Vec::new();
                    let mut value = None;
                    for p in row.into_inner() {
                        match p.as_rule() {
                            Rule::kw_else => {}
                            Rule::lookup_key => {
                                key_spans.push(span(&p));
                                keys.push(self.lookup_key(p)?);
                            }
                            _ => value = Some(self.primary(p)?),
                        }
                    }
                    self.comma_between_digits(text, sp.start, &key_spans);
                    rows.push(LookupRow { keys, value: value?, span: sp });
                }
                Item::Lookup(LookupTable { name, key, value, rows })
            }
            Rule::rule_decl => Item::Rule(self.rule(item)?),
            Rule::decision_table => Item::Table(self.decision_table(item)?),
            Rule::severity_decl => {
                let mut levels = Vec::new();
                for lvl in item.into_inner().skip(1) {
                    let mut it = lvl.into_inner();
                    let level = ident(it.next()?);
                    levels.push(SeverityLevel { level, codes: it.map(ident).collect() });
                }
                Item::Severity(levels)
            }
            Rule::combine_decl => {
                let sp = span(&item);
                let mut it = item.into_inner().skip(1);
                let kind = outcome_kind(it.next()?);
                let strategy = ident(it.next()?);
                Item::Combine(CombineDecl { kind, strategy, span: sp })
            }
            Rule::example_decl => Item::Example(self.example(item)?),
            Rule::helpers_decl => {
                let p = item.into_inner().nth(1)?;
                let sp = span(&p);
                match p.as_rule() {
                    Rule::raw_string => {
                        let inner = p.into_inner().next()?;
                        Item::Helpers(HelperSource::Inline { code: inner.as_str().to_string(), span: span(&inner) })
                    }
                    _ => Item::Helpers(HelperSource::File { path: unquote(p), span: sp }),
                }
            }
            Rule::helper_decl => {
                let sp = span(&item);
                let mut it = item.into_inner().skip(1);
                let name = ident(it.next()?);
                let mut params = Vec::new();
                let mut result = None;
                for p in it {
                    match p.as_rule() {
                        Rule::helper_param => {
                            let mut pi = p.into_inner();
                            let n = ident(pi.next()?);
                            let t = self.type_expr(pi.next()?)?;
                            params.push((n, t));
                        }
                        Rule::type_expr => result = self.type_expr(p),
                        _ => {}
                    }
                }
                Item::Helper(HelperDecl { name, params, result: result?, span: sp })
            }
            _ => return None,
        })
    }

    fn record(&mut self, p: Pair<'_, Rule>) -> Option<RecordType> {
        let sp = span(&p);
        let mut fields = Vec::new();
        for f in p.into_inner() {
            let mut it = f.into_inner();
            let name = ident(it.next()?);
            let mut optional = false;
            let mut ty = None;
            let mut constraint = None;
            let mut unique_by = None;
            let mut doc = None;
            for q in it {
                match q.as_rule() {
                    Rule::optional => optional = true,
                    Rule::type_expr => ty = self.type_expr(q),
                    Rule::constraint => constraint = bounds(q),
                    Rule::unique_by => unique_by = q.into_inner().find(|i| i.as_rule() == Rule::ident).map(ident),
                    Rule::field_doc => doc = q.into_inner().nth(1).map(unquote),
                    _ => {}
                }
            }
            fields.push(Field { name, optional, ty: ty?, constraint, unique_by, doc });
        }
        Some(RecordType { fields, span: sp })
    }

    fn type_expr(&mut self, p: Pair<'_, Rule>) -> Option<TypeExpr> {
        let sp = span(&p);
        let inner = p.into_inner().next()?;
        Some(match inner.as_rule() {
            Rule::ident => TypeExpr::Named(ident(inner)),
            Rule::record_type => TypeExpr::Record(self.record(inner)?),
            Rule::list_type => {
                let item = inner.into_inner().find(|q| q.as_rule() == Rule::type_expr)?;
                TypeExpr::List(Box::new(self.type_expr(item)?), sp)
            }
            _ => return None,
        })
    }

    fn rule(&mut self, p: Pair<'_, Rule>) -> Option<Rule_> {
        let sp = span(&p);
        let mut it = p.into_inner().skip(1);
        let mut head = head(it.next()?, it.next()?, sp);
        let mut outcome = None;
        let mut seen = Vec::new();
        for c in it {
            self.once(&mut seen, &c, Where::Rule);
            if c.as_rule() == Rule::then_clause {
                let given = c.into_inner().nth(1)?;
                outcome = Some(match given.as_rule() {
                    Rule::kw_none => None,
                    _ => Some(self.outcome(given)?),
                });
            } else {
                self.head_clause(&mut head, c)?;
            }
        }
        Some(Rule_ { head, outcome: outcome? })
    }

    /// `80,5` in a list (a table's cell or key, `[0,5, 1]`) or among a function's arguments
    /// (`max(x, 2,5)`): a decimal written the Indonesian way, which reads as the two values `80, 5`
    /// (and `80,5 ..< 90` as `80` or `5 ..< 90`). Written without a space, it is an error that asks
    /// for the one meant.
    fn comma_between_digits(&mut self, text: &str, base: usize, parts: &[Span]) {
        for pair in parts.windows(2) {
            let [a, b] = pair else { continue };
            let (Some(end), Some(start)) = (a.end.checked_sub(base), b.start.checked_sub(base)) else { continue };
            if text.get(end..start) != Some(",") {
                continue;
            }
            let digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
            let before = text.get(..end).unwrap_or("");
            let whole = &before[before.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1)..];
            let after = text.get(start..).unwrap_or("");
            let fraction = &after[..after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len())];
            if !digits(whole) || !digits(fraction) {
                continue;
            }
            let at = Span::new(base + end - whole.len(), base + start + fraction.len());
            let help = crate::decimal_comma_help(whole, fraction);
            self.errors.push(decimal_comma_error(at, whole, fraction).with_help(Text::new(
                format!("{}; for two values write a space after the comma: `{whole}, {fraction}`", help.en),
                format!("{}; untuk dua nilai tulis spasi setelah koma: `{whole}, {fraction}`", help.id),
            )));
        }
    }

    /// A clause given a second time (`when` twice: the first would be dropped without a word) is
    /// an error at the second, naming the line of the first.
    fn once(&mut self, seen: &mut Vec<(Rule, usize)>, c: &Pair<'_, Rule>, place: Where) {
        let rule = c.as_rule();
        let once = matches!(
            rule,
            Rule::version_clause
                | Rule::effective_clause
                | Rule::description_clause
                | Rule::source_clause
                | Rule::exception_clause
                | Rule::when_clause
                | Rule::hit_clause
        );
        if !once {
            return;
        }
        // Where the clause starts, as a byte; its line is counted only for the error (counting
        // it for every clause of a long policy took time in the square of its length).
        let start = c.as_span().start();
        let Some(&(_, first_at)) = seen.iter().find(|(r, _)| *r == rule) else {
            seen.push((rule, start));
            return;
        };
        let first = c.as_span().get_input().get(..first_at).map_or(1, |b| b.matches('\n').count() + 1);
        let Some(kw) = c.clone().into_inner().next() else { return };
        let word = kw.as_str();
        let (en_place, id_place) = match place {
            Where::Header => ("the policy's header", "kepala kebijakan"),
            Where::Rule => ("this rule", "aturan ini"),
            Where::Table => ("this table", "tabel ini"),
        };
        let help = match rule {
            Rule::when_clause => Text::new(
                "write the conditions in one `when`, joined with `and` (or `or`)",
                "tulis syarat-syaratnya dalam satu `jika`, digabung dengan `dan` (atau `atau`)",
            ),
            Rule::source_clause => Text::new(
                "give every citation in one text: `source \"PP 94/2021 Pasal 8; Perwal 5/2023 Pasal 13\"`",
                "tulis semua rujukan dalam satu teks: `sumber \"PP 94/2021 Pasal 8; Perwal 5/2023 Pasal 13\"`",
            ),
            Rule::exception_clause => Text::new(
                "a rule is an exception to one rule; for several, write one rule for each",
                "sebuah aturan menjadi pengecualian atas satu aturan; untuk beberapa, tulis satu aturan untuk masing-masing",
            ),
            Rule::effective_clause => Text::new(
                "give one period, with both dates: `effective from 2025-01-01 until 2025-12-31`",
                "tulis satu masa berlaku dengan kedua tanggalnya: `berlaku mulai 2025-01-01 sampai 2025-12-31`",
            ),
            _ => Text::new("keep one of them", "pertahankan salah satunya"),
        };
        self.errors.push(
            Diagnostic::error(
                "duplicate-clause",
                span(&kw),
                Text::new(
                    format!("`{word}` is written twice in {en_place} (first on line {first}): only one counts"),
                    format!("`{word}` ditulis dua kali dalam {id_place} (pertama di baris {first}): hanya satu yang dipakai"),
                ),
            )
            .with_help(help),
        );
    }

    /// A clause rules and tables share; other clauses are left to the caller.
    fn head_clause(&mut self, head: &mut RuleHead, c: Pair<'_, Rule>) -> Option<()> {
        match c.as_rule() {
            Rule::source_clause => head.source = c.into_inner().nth(1).map(unquote),
            Rule::description_clause => head.description = c.into_inner().nth(1).map(description_text),
            Rule::effective_clause => head.effective = effective(c),
            Rule::exception_clause => head.exception_to = c.into_inner().nth(2).map(ident),
            Rule::when_clause => head.when = Some(self.expr(c.into_inner().nth(1)?)?),
            _ => {}
        }
        Some(())
    }

    fn outcome(&mut self, p: Pair<'_, Rule>) -> Option<OutcomeAst> {
        let sp = span(&p);
        let mut it = p.into_inner();
        let kind = outcome_kind(it.next()?);
        let code = ident(it.next()?);
        let mut args = Vec::new();
        if let Some(a) = it.next() {
            for arg in a.into_inner() {
                let mut ai = arg.into_inner();
                let name = ident(ai.next()?);
                let value = self.expr(ai.next()?)?;
                args.push((name, value));
            }
        }
        Some(OutcomeAst { kind, code, args, span: sp })
    }

    fn decision_table(&mut self, p: Pair<'_, Rule>) -> Option<DecisionTable> {
        let sp = span(&p);
        let mut it = p.into_inner().skip(2);
        let head = head(it.next()?, it.next()?, sp);
        let mut t =
            DecisionTable { head, hit: HitPolicy::First, inputs: Vec::new(), header_span: sp, rows: Vec::new() };
        let mut seen = Vec::new();
        for c in it {
            self.once(&mut seen, &c, Where::Table);
            match c.as_rule() {
                Rule::hit_clause if c.clone().into_inner().nth(1).is_some_and(|h| h.as_rule() == Rule::kw_collect) => {
                    t.hit = HitPolicy::Collect;
                }
                Rule::table_header => {
                    t.header_span = span(&c);
                    let mut inputs = Vec::new();
                    for e in c.into_inner() {
                        inputs.push(self.expr(e)?);
                    }
                    inputs.pop();
                    t.inputs = inputs;
                }
                Rule::table_row => {
                    let rsp = span(&c);
                    // A row whose closing `|` is missing reads on into the next row: one error at
                    // the end of its line, not a count of cells that makes no sense.
                    let text = c.as_str();
                    let code: String = text.split('"').step_by(2).collect();
                    if let Some(end) = text.find('\n').filter(|_| code.contains('\n')) {
                        let line_end = text.get(..end).unwrap_or("").trim_end().len();
                        let at = rsp.start + line_end;
                        self.errors.push(row_not_closed(Span::new(at.saturating_sub(1), at)));
                        continue;
                    }
                    let mut cells = Vec::new();
                    for cell in c.into_inner() {
                        cells.push(self.cell(cell)?);
                    }
                    t.rows.push(TableRow { cells, span: rsp });
                }
                _ => self.head_clause(&mut t.head, c)?,
            }
        }
        Some(t)
    }

    /// A lookup table's key: `"S1"`, `0..4`, `>= 30`.
    fn lookup_key(&mut self, p: Pair<'_, Rule>) -> Option<Cell> {
        // The key's own text, without the space before `->`.
        let mut it = p.into_inner();
        let first = it.next()?;
        if first.as_rule() == Rule::cmp_op {
            let start = span(&first).start;
            let e = self.expr(it.next()?)?;
            let sp = Span::new(start, e.span.end);
            return Some(Cell::Compare(cmp_op(first.as_str()), e, sp));
        }
        let e = self.expr(first)?;
        let sp = e.span;
        Some(match e.kind {
            ExprKind::Range(a, b, excl) => Cell::Range(*a, *b, excl, sp),
            _ => Cell::Compare(CmpOp::Eq, e, sp),
        })
    }

    fn cell(&mut self, p: Pair<'_, Rule>) -> Option<Cell> {
        let sp = span(&p);
        let text = p.as_str();
        let inner = p.into_inner().next()?;
        Some(match inner.as_rule() {
            Rule::outcome => Cell::Outcome(self.outcome(inner)?),
            Rule::kw_none => Cell::None(sp),
            Rule::cell_any => Cell::Any(sp),
            Rule::cell_test => {
                let mut it = inner.into_inner().peekable();
                let first = it.next()?;
                match first.as_rule() {
                    Rule::cmp_op => Cell::Compare(cmp_op(first.as_str()), self.expr(it.next()?)?, sp),
                    Rule::range => {
                        let ExprKind::Range(a, b, excl) = self.range(first)?.kind else {
                            return None;
                        };
                        Cell::Range(*a, *b, excl, sp)
                    }
                    _ => {
                        let mut values = vec![self.expr(first)?];
                        for e in it {
                            values.push(self.expr(e)?);
                        }
                        let spans: Vec<Span> = values.iter().map(|v| v.span).collect();
                        self.comma_between_digits(text, sp.start, &spans);
                        if values.len() == 1 {
                            let v = values.pop()?;
                            if let ExprKind::Range(a, b, excl) = v.kind {
                                Cell::Range(*a, *b, excl, sp)
                            } else {
                                Cell::Compare(CmpOp::Eq, v, sp)
                            }
                        } else {
                            Cell::OneOf(values, sp)
                        }
                    }
                }
            }
            _ => return None,
        })
    }

    fn example(&mut self, p: Pair<'_, Rule>) -> Option<Example> {
        let sp = span(&p);
        let mut it = p.into_inner().skip(1);
        let name = unquote(it.next()?);
        let _on = it.next()?;
        let date = it.next()?;
        let as_of = (date.as_str().to_string(), span(&date));
        let mut ex = Example { name, as_of, given: Json::Null, params: Vec::new(), expect: Vec::new(), span: sp };
        for c in it {
            match c.as_rule() {
                Rule::example_given => ex.given = json(c.into_inner().nth(1)?)?,
                Rule::example_param => {
                    let mut pi = c.into_inner().skip(1);
                    let n = ident(pi.next()?);
                    let v = json(pi.next()?)?;
                    ex.params.push((n, v));
                }
                Rule::expectation => {
                    let e = c.into_inner().nth(1)?;
                    let esp = span(&e);
                    ex.expect.push(match e.as_rule() {
                        Rule::expect_none => Expectation::NoSanction(esp),
                        Rule::expect_no => {
                            let mut ei = e.into_inner().skip(1);
                            let kind = outcome_kind(ei.next()?);
                            Expectation::No(kind, ei.next().map(ident), esp)
                        }
                        Rule::expect_undetermined => Expectation::Undetermined(ident(e.into_inner().nth(1)?)),
                        Rule::expect_outcome => Expectation::Outcome(self.outcome(e.into_inner().next()?)?),
                        _ => return None,
                    });
                }
                _ => {}
            }
        }
        Some(ex)
    }

    fn expr(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let sp = span(&p);
        // A long chain of operators makes a deep tree: refuse it before building it.
        let operators = p.clone().into_inner().filter(|q| format!("{:?}", q.as_rule()).starts_with("op_")).count();
        if operators > MAX_OPERATORS {
            if !self.errors.iter().any(|d| d.code == "too-deep") {
                self.errors.push(
                    Diagnostic::error(
                        "too-deep",
                        Span::new(sp.start, sp.start + 1),
                        Text::new(
                            format!("this expression has more than {MAX_OPERATORS} operators"),
                            format!("ekspresi ini memiliki lebih dari {MAX_OPERATORS} operator"),
                        ),
                    )
                    .with_help(Text::new(
                        "split it into named values with `let`",
                        "pecah menjadi nilai bernama dengan `misal`",
                    )),
                );
            }
            return None;
        }
        let e = self.pratt_expr(p.into_inner())?;
        if e.depth as usize > MAX_DEPTH {
            if !self.errors.iter().any(|d| d.code == "too-deep") {
                self.errors.push(too_deep(sp));
            }
            return None;
        }
        Some(e)
    }

    fn pratt_expr(&mut self, pairs: Pairs<'_, Rule>) -> Option<Expr> {
        thread_local! { static PRATT: PrattParser<Rule> = pratt(); }
        PRATT.with(|pratt| {
            pratt
                .map_primary(|p| self.primary(p))
                .map_prefix(|op, rhs| {
                    let rhs = rhs?;
                    let sp = Span::from(op.as_span()).to(rhs.span);
                    let kind = if op.as_rule() == Rule::op_not {
                        ExprKind::Not(Box::new(rhs))
                    } else {
                        ExprKind::Neg(Box::new(rhs))
                    };
                    Some(Expr::new(kind, sp))
                })
                .map_postfix(|lhs, op| {
                    let lhs = lhs?;
                    let sp = lhs.span.to(op.as_span().into());
                    let kind = match op.as_rule() {
                        Rule::field_access => ExprKind::Field(Box::new(lhs), ident(op.into_inner().next()?)),
                        Rule::op_is_absent => ExprKind::IsAbsent(Box::new(lhs), true),
                        _ => ExprKind::IsAbsent(Box::new(lhs), false),
                    };
                    Some(Expr::new(kind, sp))
                })
                .map_infix(|lhs, op, rhs| {
                    let (lhs, rhs) = (lhs?, rhs?);
                    let sp = lhs.span.to(rhs.span);
                    let bin = match op.as_rule() {
                        Rule::op_or => BinOp::Or,
                        Rule::op_and => BinOp::And,
                        Rule::op_eq => BinOp::Cmp(CmpOp::Eq),
                        Rule::op_ne => BinOp::Cmp(CmpOp::Ne),
                        Rule::op_lt => BinOp::Cmp(CmpOp::Lt),
                        Rule::op_le => BinOp::Cmp(CmpOp::Le),
                        Rule::op_gt => BinOp::Cmp(CmpOp::Gt),
                        Rule::op_ge => BinOp::Cmp(CmpOp::Ge),
                        Rule::op_in => BinOp::In,
                        Rule::op_not_in => BinOp::NotIn,
                        Rule::op_add => BinOp::Add,
                        Rule::op_sub => BinOp::Sub,
                        Rule::op_mul => BinOp::Mul,
                        Rule::op_div => BinOp::Div,
                        _ => BinOp::Otherwise,
                    };
                    Some(Expr::new(ExprKind::Binary(bin, Box::new(lhs), Box::new(rhs)), sp))
                })
                .parse(pairs)
        })
    }

    fn range(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let sp = span(&p);
        let mut it = p.into_inner();
        let a = self.primary(it.next()?)?;
        let excl = it.next()?.as_rule() == Rule::range_excl;
        let b = self.primary(it.next()?)?;
        Some(Expr::new(ExprKind::Range(Box::new(a), Box::new(b), excl), sp))
    }

    fn primary(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let sp = span(&p);
        let kind = match p.as_rule() {
            Rule::expr => return self.expr(p),
            Rule::paren => {
                let mut e = self.expr(p.into_inner().next()?)?;
                e.span = sp;
                e.parens = true;
                return Some(e);
            }
            Rule::true_lit => ExprKind::Bool(true),
            Rule::false_lit => ExprKind::Bool(false),
            Rule::none_lit => ExprKind::None,
            Rule::number => ExprKind::Number(p.as_str().to_string()),
            Rule::date => ExprKind::Date(p.as_str().to_string()),
            Rule::string => ExprKind::Str(unquote(p)),
            Rule::ident => ExprKind::Name(p.as_str().to_string()),
            Rule::sanction_ref => ExprKind::Sanction,
            Rule::outcome_ref => {
                let mut it = p.into_inner();
                let kind = outcome_kind(it.next()?);
                ExprKind::Given(kind, ident(it.next()?))
            }
            Rule::range => return self.range(p),
            Rule::list_lit => {
                let (text, base) = (p.as_str(), span(&p).start);
                let mut items = Vec::new();
                for e in p.into_inner() {
                    items.push(self.expr(e)?);
                }
                self.comma_between_digits(text, base, &items.iter().map(|e| e.span).collect::<Vec<_>>());
                ExprKind::List(items)
            }
            Rule::if_expr => {
                let mut it = p.into_inner().filter(|q| q.as_rule() == Rule::expr);
                let c = self.expr(it.next()?)?;
                let t = self.expr(it.next()?)?;
                let e = self.expr(it.next()?)?;
                ExprKind::If(Box::new(c), Box::new(t), Box::new(e))
            }
            Rule::call => {
                let (text, base) = (p.as_str(), span(&p).start);
                let mut it = p.into_inner();
                let name = ident(it.next()?);
                let mut args = Vec::new();
                for e in it {
                    args.push(self.expr(e)?);
                }
                self.comma_between_digits(text, base, &args.iter().map(|e| e.span).collect::<Vec<_>>());
                ExprKind::Call(name, args)
            }
            Rule::aggregate => {
                let mut it = p.into_inner();
                let kind = match it.next()?.into_inner().next()?.as_rule() {
                    Rule::kw_any => AggKind::Any,
                    Rule::kw_all => AggKind::All,
                    Rule::kw_count => AggKind::Count,
                    Rule::kw_sum => AggKind::Sum,
                    Rule::kw_avg => AggKind::Average,
                    Rule::kw_min => AggKind::Min,
                    Rule::kw_max => AggKind::Max,
                    _ => AggKind::First,
                };
                let mut body = it.next()?.into_inner();
                let head = body.next()?;
                let filter = match body.next() {
                    Some(w) if w.as_rule() == Rule::kw_where => match body.next() {
                        Some(e) => Some(self.expr(e)?),
                        None => None,
                    },
                    _ => None,
                };
                let agg = match head.as_rule() {
                    Rule::agg_map if head.clone().into_inner().count() > 1 => {
                        let mut hi = head.into_inner();
                        let map = self.expr(hi.next()?)?;
                        let binder = ident(hi.nth(1)?);
                        let list = self.expr(hi.nth(1)?)?;
                        Aggregate { kind, binder: Some(binder), list, map: Some(map), filter }
                    }
                    Rule::agg_map => {
                        let list = self.expr(head.into_inner().next()?)?;
                        Aggregate { kind, binder: None, list, map: None, filter }
                    }
                    Rule::agg_bind => {
                        let mut hi = head.into_inner();
                        let binder = ident(hi.next()?);
                        let list = self.expr(hi.nth(1)?)?;
                        Aggregate { kind, binder: Some(binder), list, map: None, filter }
                    }
                    _ => Aggregate { kind, binder: None, list: self.expr(head)?, map: None, filter },
                };
                ExprKind::Aggregate(Box::new(agg))
            }
            _ => return None,
        };
        Some(Expr::new(kind, sp))
    }
}

type Rule_ = crate::ast::Rule;

/// A comparison operator as the grammar's `cmp_op` reads it.
fn cmp_op(text: &str) -> CmpOp {
    match text {
        ">=" => CmpOp::Ge,
        "<=" => CmpOp::Le,
        "!=" => CmpOp::Ne,
        ">" => CmpOp::Gt,
        "<" => CmpOp::Lt,
        _ => CmpOp::Eq,
    }
}

fn outcome_kind(p: Pair<'_, Rule>) -> OutcomeKindAst {
    let inner = p.into_inner().next().map(|q| q.as_rule());
    match inner {
        Some(Rule::kw_sanction) => OutcomeKindAst::Sanction,
        Some(Rule::kw_reward) => OutcomeKindAst::Reward,
        Some(Rule::kw_promotion) => OutcomeKindAst::Promotion,
        _ => OutcomeKindAst::Notice,
    }
}

/// The id and title of a rule or table, before its clauses.
fn head(id: Pair<'_, Rule>, title: Pair<'_, Rule>, span: Span) -> RuleHead {
    RuleHead {
        id: ident(id),
        title: unquote(title),
        source: None,
        description: None,
        effective: Effective::default(),
        exception_to: None,
        when: None,
        span,
    }
}

fn effective(p: Pair<'_, Rule>) -> Effective {
    let mut e = Effective::default();
    for c in p.into_inner() {
        let rule = c.as_rule();
        if let Some(d) = c.into_inner().nth(1) {
            let v = (d.as_str().to_string(), span(&d));
            match rule {
                Rule::from_date => e.from = Some(v),
                Rule::until_date => e.until = Some(v),
                _ => {}
            }
        }
    }
    e
}

fn json(p: Pair<'_, Rule>) -> Option<Json> {
    let p = if p.as_rule() == Rule::json_value { p.into_inner().next()? } else { p };
    Some(match p.as_rule() {
        Rule::json_object => {
            let mut out = Vec::new();
            for pair in p.into_inner() {
                let mut it = pair.into_inner();
                let k = it.next()?;
                let key = if k.as_rule() == Rule::string { unquote(k) } else { k.as_str().to_string() };
                out.push((key, json(it.next()?)?));
            }
            Json::Object(out)
        }
        Rule::json_array => Json::Array(p.into_inner().map(json).collect::<Option<Vec<_>>>()?),
        Rule::string => Json::String(unquote(p)),
        Rule::date => Json::String(p.as_str().to_string()),
        Rule::number | Rule::json_number => Json::Number(p.as_str().to_string()),
        Rule::kw_true => Json::Bool(true),
        Rule::kw_false => Json::Bool(false),
        _ => Json::Null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help of the first error in `policy`.
    fn help(body: &str) -> String {
        let src = format!("policy \"P\" version \"1\"\nfacts {{ a: int }}\n{body}\n");
        let errors = parse(&src).expect_err(body);
        errors.first().and_then(|d| d.help.clone()).map(|h| h.en).unwrap_or_default()
    }

    #[test]
    fn a_decimal_comma_in_a_lookup_value_or_an_outcome_parameter_is_named() {
        // In a lookup table the comma reads on, and the error comes at the next line (or `}`).
        let lookup = |rows: &str| format!("table potong: int -> decimal {{\n    {rows}\n}}");
        let said = "decimals are written with a point: `0.5`, not `0,5`";
        assert_eq!(help(&lookup("1..30 -> 0,5\n    31..60 -> 1")), said);
        assert_eq!(help(&lookup("31..60 -> 1\n    61..90 -> 0,5")), said);
        // The error is the number's, where it is written (not at the line or `}` after it).
        let src = format!("policy \"P\"\nfacts {{ a: int }}\n{}\n", lookup("1..30 -> 1500000,50\n    31..60 -> 1"));
        let e = parse(&src).expect_err("decimal comma").remove(0);
        assert_eq!((e.code, &src[e.span.start..e.span.end]), ("decimal-comma", "1500000,50"));
        assert_eq!(e.message.en, "`1500000,50` reads as two values, `1500000` and `50`");
        // A comma in a citation on the line before is no number's.
        for line in ["rule r \"R\" source \"Pasal 3,4\" when a > 1 then notice n", "let x = 1 // Pasal 3,4"] {
            let src = format!("policy \"P\"\nfacts {{ a: int }}\n{line}\n)\n");
            assert_ne!(parse(&src).expect_err(line).remove(0).code, "decimal-comma", "{line}");
        }
        // In an outcome's parameters it is a decimal-comma error on the number itself.
        let src = "policy \"P\" version \"1\"\nfacts { a: int }\nrule r \"R\" source \"S\" when a > 1 then reward tpp(persen: 2,5)\n";
        let errors = parse(src).expect_err("decimal comma");
        let e = errors.first().unwrap();
        assert_eq!((e.code, &src[e.span.start..e.span.end]), ("decimal-comma", "2,5"));
        assert_eq!(e.help.as_ref().unwrap().en, "decimals are written with a point: `2.5`, not `2,5`");
    }

    #[test]
    fn lines_ended_by_a_carriage_return_alone_are_refused_not_read_as_one_line() {
        // Read as one line, the comment would take every declaration after it: a policy of no rules.
        let src = "policy \"P\"\r// komentar\rfacts { a: int }\rrule r \"R\" source \"S\" when a > 1 then notice n\r";
        let e = parse(src).expect_err("lone CR").remove(0);
        assert_eq!((e.code, &src[e.span.start..e.span.end]), ("syntax", "\""));
        assert_eq!(e.span.end, src.find('\r').unwrap());
        assert!(e.message.en.contains("carriage return alone"), "{}", e.message.en);
        // CRLF, and a CR at the very end of a CRLF file's last line, read as usual.
        assert!(parse(&src.replace('\r', "\r\n")).is_ok());
        let mixed = src.replace('\r', "\r\n") + "\r";
        assert_eq!(parse(&mixed).expect_err("trailing lone CR").remove(0).span.start, mixed.len() - 1);
        assert!(parse("\r").is_err());
    }

    #[test]
    fn a_number_with_its_thousands_separated_is_the_error_not_the_group_after_it() {
        // Not "expected a name, found `000`": the reader stops at the last group.
        for (line, number) in [
            ("rule r \"R\" source \"S\" when a > 1.750.000 then notice n", "1.750.000"),
            ("rule r \"R\" source \"S\" when a > 35,000,000 then notice n", "35,000,000"),
            ("rule r \"R\" source \"S\" when a > 1 then reward tpp(jumlah: 1.750.000)", "1.750.000"),
            ("table t: int -> decimal {\n    1 -> 1.750.000\n}", "1.750.000"),
        ] {
            let src = format!("policy \"P\" version \"1\"\nfacts {{ a: int }}\n{line}\n");
            let e = parse(&src).expect_err(line).remove(0);
            assert_eq!(&src[e.span.start..e.span.end], number, "{line}");
            assert!(e.message.en.starts_with(&format!("`{number}` is not a number")), "{}", e.message.en);
            assert!(e.help.unwrap().en.starts_with("numbers are written without thousands separators"));
        }
    }

    #[test]
    fn a_date_in_words_is_told_the_date_in_figures() {
        let said = |iso: &str| format!("dates are written year-month-day in figures: `{iso}`");
        let rule = |head: &str| format!("aturan r \"R\" sumber \"S\" {head} maka pemberitahuan n");
        assert_eq!(help(&rule("berlaku mulai 1 Januari 2022 jika a > 1")), said("2022-01-01"));
        assert_eq!(help(&rule("jika a <= 1 Oktober 2015")), said("2015-10-01"));
        assert_eq!(help("contoh \"x\" pada 31 Des 2025 {\n masukan { a: 1 }\n}"), said("2025-12-31"));
        assert_eq!(crate::spelled_date("29 Februari 2024").as_deref(), Some("2024-02-29"));
        assert_eq!(crate::spelled_date("5 March 2024").as_deref(), Some("2024-03-05"));
        // Not a day of the calendar, or no date at all: nothing.
        assert_eq!(crate::spelled_date("29 Februari 2025"), None);
        assert_eq!(crate::spelled_date("3 tahun 2024"), None);
    }

    #[test]
    fn a_code_of_several_words_a_superscript_and_a_lookalike_letter_get_help() {
        let then = |outcome: &str| format!("aturan r \"R\" sumber \"S\" jika a > 1 maka {outcome}");
        assert_eq!(
            help(&then("penghargaan satyalancana karya satya 10")),
            "an outcome's code is one word, joined with `_`: `satyalancana_karya_satya_10`"
        );
        assert!(help(&then("penghargaan satya_10²")).starts_with("`²` cannot be part of a name"));
        assert_eq!(
            help("aturan r \"R\" sumber \"S\" jika \u{430} > 1 maka pemberitahuan n"),
            "`\u{430}` (U+0430) is not the Latin `a` it looks like; type `a` again"
        );
    }

    #[test]
    fn everyday_words_for_keywords_are_told_the_keyword() {
        // The keywords of the policy's language, whatever the language of its comments.
        let commented = "aturan r \"R\" sumber \"http://jdih.example/pp-94\"\n\
                         // When an employee is absent and not on leave, then this rule gives a notice\n\
                         // from the table; the rule is in effect from 2025 until 2026 or later.\n\
                         apabila a > 1 maka pemberitahuan n";
        assert_eq!(help(commented), "`apabila` is written `jika` here");
        let rule = |words: &str| format!("aturan r \"R\" sumber \"S\" {words} pemberitahuan n");
        assert_eq!(help(&rule("jika a > 1 serta a < 5 maka")), "`serta` is written `dan` here");
        assert_eq!(help(&rule("jika a > 1 ataupun a < 0 maka")), "`ataupun` is written `atau` here");
        assert_eq!(help(&rule("apabila a > 1 maka")), "`apabila` is written `jika` here");
        assert_eq!(help(&rule("kalau a > 1 maka")), "`kalau` is written `jika` here");
        assert_eq!(help(&rule("jika a > 1 lalu")), "`lalu` is written `maka` here");
        assert_eq!(
            help("aturan r \"R\" sumber \"S\" jika a > 1 maka hadiah n"),
            "`hadiah` is written `penghargaan` here"
        );
        assert_eq!(help("contoh \"x\" tanggal 2025-12-31 {\n masukan { a: 1 }\n}"), "`tanggal` is written `pada` here");
        assert_eq!(
            help("contoh \"x\" pada 2025-12-31 {\n masukan { a: 1 }\n hasil tanpa pemberitahuan\n}"),
            "`hasil` is written `harapkan` here"
        );
        // `jika … maka … lainnya` inside an expression is a choice, written with `bila`.
        assert!(help("misal x = jika a > 1 maka 2 lainnya 3")
            .starts_with("inside an expression a choice is written `bila … maka … lainnya …`"));
        // `harapkan penghargaan tidak_ada`: `tidak_ada` is for a sanction.
        assert_eq!(
            help("contoh \"x\" pada 2025-12-31 {\n masukan { a: 1 }\n harapkan penghargaan tidak_ada\n}"),
            "that no penghargaan is given is written `harapkan tanpa penghargaan`; `tidak_ada` is for a sanction"
        );
    }

    #[test]
    fn a_period_written_as_a_regulation_writes_it_is_told_how_it_is_written() {
        let rule =
            |period: &str| format!("aturan r \"R\" sumber \"S\" berlaku {period} jika a > 1 maka pemberitahuan n");
        assert_eq!(
            help(&rule("mulai tanggal 2026-03-01")),
            "write the date right after `mulai`, without `tanggal`: `mulai 2026-03-01`"
        );
        assert_eq!(
            help(&rule("mulai 2026-03-01 sampai dengan 2026-12-31")),
            "`sampai dengan` is written `sampai` alone, and the day is included: `sampai 2026-12-31`"
        );
        for written in ["s/d", "hingga"] {
            assert_eq!(
                help(&rule(&format!("mulai 2026-03-01 {written} 2026-12-31"))),
                format!("the last day of a period follows `sampai`, not `{written}`: `mulai 2026-03-01 sampai 2026-12-31` (the day is included)")
            );
        }
        assert_eq!(help(&rule("sejak 2026-03-01")), "a period begins with `mulai`: `berlaku mulai 2026-03-01`");
        assert!(help(&rule("2026-03-01"))
            .starts_with("say which end of the period the date is: `berlaku mulai 2026-03-01`"));
        // Where only a date can stand, a date is what is said to be expected.
        let errors = parse(&format!("kebijakan \"P\"\n{}", rule("mulai tanggal 2026-03-01"))).expect_err("refused");
        assert!(
            errors[0].message.en.starts_with("expected a date YYYY-MM-DD, found `tanggal`"),
            "{}",
            errors[0].message.en
        );
        // In English, with English keywords.
        let english = "rule r \"R\" source \"S\" effective from 2026-03-01 to 2026-12-31 when a > 1 then notice n";
        assert!(help(english).starts_with("the last day of a period follows `until`, not `to`: `from 2026-03-01 until"));
    }

    #[test]
    fn a_hit_policy_without_hit_is_told_how_it_is_written() {
        let table = |head: &str| {
            format!("decision table t \"T\" source \"S\"\n    {head}\n    | a | out |\n    | 1 | notice n |")
        };
        assert_eq!(help(&table("first")), "a table's hit policy is written `hit first`");
        assert_eq!(help(&table("kumpulkan")), "a table's hit policy is written `hit kumpulkan`");
    }

    #[test]
    fn an_exception_to_two_rules_and_parameters_after_the_expectations_are_told_their_place() {
        let two = "rule e \"E\" source \"S\"\n    exception to r, r2\n    when a > 1 then notice n";
        assert!(help(two).starts_with("an exception has one base: keep `r` here"), "{}", help(two));
        let late = "example \"x\" on 2025-01-01 {\n  given { a: 2 }\n  expect notice n\n  with { m: 5 }\n}";
        assert!(
            help(late).starts_with("an example's parameters (`with { … }`) come before its expectations"),
            "{}",
            help(late)
        );
    }

    #[test]
    fn characters_copied_from_documents_get_help_naming_what_to_type() {
        let rule = |when: &str| format!("rule r \"R\" source \"S\" when {when} then notice n");
        assert!(help("rule r “R” source \"S\" when a > 1 then notice n").contains("`“` is a curly quote"));
        assert!(help("rule r \"R\" source \"PP 94” when a > 1 then notice n").contains("does not end on its line"));
        assert_eq!(help(&rule("a ≥ 1")), "write `≥` as `>=`");
        // A `;` at the end, as a programming language ends a statement: it had a rule's outcome
        // for help, where the rule has one.
        let semicolon = "remove the `;`: a policy needs no mark at the end of a line or a condition";
        assert_eq!(help("rule r \"R\" source \"S\" when a > 5; then notice n"), semicolon);
        assert_eq!(help("let a = 5;"), semicolon);
        // A citation without its quotes, and `elif`.
        assert_eq!(
            help("rule r \"R\" source PP 15/2019 when a > 1 then notice n"),
            "text is written in double quotes: `source \"PP 15/2019\"`"
        );
        assert_eq!(
            help("let b = if a > 1 then 1 elif a > 0 then 2 else 3"),
            "another condition is written `else if …`, not `elif`"
        );
        // A number with its thousands separated is found whole (it said found `3`, a value).
        let src = "policy \"P\" version \"1\"\nfacts { a: int }\nexample \"e\" on 2025-12-31 {\n    given { a: 3.000.000 }\n}\n";
        let errors = parse(src).unwrap_err();
        assert!(errors[0].message.en.ends_with("found `3.000.000`"), "{}", errors[0].message.en);
        assert_eq!(help(&rule("a ≠ 1")), "write `≠` as `!=`");
        assert!(help(&rule("a in 80–90")).contains("`..` for a range"));
        assert!(help(&rule("a >=\u{a0}1")).contains("(U+00A0)"));
        assert!(help(&rule("nilaí > 1")).starts_with("`í` cannot be part of a name"));
        assert!(help("let bérat = 1").starts_with("`é` cannot be part of a name"));
        assert!(!help(&format!("{}\nlet x = \"é\" +", rule("a > 1"))).contains("`é`"));
        // A rule left without `then` at the end of the file: pointed at where it stops.
        let src = "policy \"P\" version \"1\"\nfacts { a: int }\nrule r \"R\" source \"S\" when a > 1\n\n";
        let errors = parse(src).unwrap_err();
        assert_eq!(errors[0].span.end, src.trim_end().len());
        assert!(errors[0].help.as_ref().is_some_and(|h| h.en.starts_with("a rule ends with `then`")));
        assert!(help(&rule("a > 4,5")).starts_with("decimals are written with a point"));
        // A rule that stops short before the next one: what follows is the next rule, not the
        // end of the file.
        let src = "policy \"P\" version \"1\"\nfacts { a: int }\nrule r \"R\" source \"S\" when a > 1 then notice\n\nrule q \"Q\" source \"S\" when a > 2 then notice z\n";
        let errors = parse(src).unwrap_err();
        assert_eq!(errors[0].message.en, "expected a name, found `rule` (line 5)");
        assert_eq!(errors[0].message.id, "seharusnya sebuah nama, ditemukan `rule` (baris 5)");
        assert_eq!(errors[0].span.end, src.find("notice\n").unwrap() + "notice".len());
        // Plain mistakes keep their own help.
        assert!(help(&rule("a = 1")).contains("compare with `==`"));
    }

    #[test]
    fn misspelt_keywords_dates_and_decimal_commas_get_help() {
        let rule = |when: &str| format!("rule r \"R\" source \"S\" {when} a > 1 then notice n");
        assert_eq!(help(&rule("whne")), "did you mean `when`?");
        assert_eq!(help(&rule("jkia")), "did you mean `jika`?");
        // A date after `effective from` or `on` written as a form writes it, or in quotes.
        let effective = |d: &str| format!("rule r \"R\" source \"S\" effective from {d} when a > 1 then notice n");
        assert_eq!(
            help(&effective("2024-1-1")),
            "dates are written year-month-day, with two digits for the month and day: `2024-01-01`"
        );
        assert_eq!(help(&effective("\"2024-01-01\"")), "a date is written without quotes: `2024-01-01`");
        assert_eq!(
            help("example \"x\" on 2025-6-30 {\n given { a: 1 }\n}"),
            "dates are written year-month-day, with two digits for the month and day: `2025-06-30`"
        );
        // Two-word keywords written apart, and a range as speech says it.
        assert_eq!(
            help("keputusan tabel t \"T\" sumber \"S\" hit pertama\n| a | sanksi |\n| 0 | tidak ada |"),
            "`tidak_ada` is one word, joined with `_`"
        );
        assert!(help("aturan r \"R\" sumber \"S\" jika a antara 1 dan 30 maka pemberitahuan n")
            .starts_with("a range is written with `in`: `in 1..30`"));
        // The language is that of the keywords, not of the title, and case is no slip.
        assert_eq!(
            help("rule r \"Sanksi yang alpa dan pada atau dari\" source \"PP\" when a > 1 THEN notice n"),
            "did you mean `then`?"
        );
        assert_eq!(
            help("aturan r \"Late arrival of staff in the office or on duty and for all\" sumber \"S\" jika a > 1 maka pemberitaan n"),
            "did you mean `pemberitahuan`?"
        );
        // A word of the rule's own language is no slip for a keyword of the other one.
        let said = help("aturan r \"R\" sumber \"S\" jika a >= 1 tahun maka pemberitahuan n");
        assert!(!said.contains("did you mean"), "{said}");
        assert_eq!(help("atruan r \"R\" sumber \"S\" jika a > 1 maka pemberitahuan n"), "did you mean `aturan`?");
        // An outcome's kind misspelt in a table cell: the parser stops at the code after it.
        assert_eq!(
            help("decision table t \"T\" source \"S\"\n| a | outcome |\n| 1 | rewrad tpp(persen: 5) |"),
            "did you mean `reward tpp`?"
        );
        assert_eq!(
            help("decision table t \"T\" source \"S\" hit colect\n| a | hasil |\n| 1 | none |"),
            "did you mean `collect`?"
        );
        assert_eq!(
            help("example \"e\" on 31/12/2025 {\n given { a: 1 }\n}"),
            "dates are written year-month-day: `2025-12-31`"
        );
        assert_eq!(
            help("example \"e\" on 2025-12-31 {\n given { a: 86,5 }\n}"),
            "decimals are written with a point: `86.5`, not `86,5`"
        );
        assert_eq!(help(&rule("when a > 86,25 and")), "decimals are written with a point: `86.25`, not `86,25`");
        assert_eq!(help("rule r \"R\" source \"S\" when a => 80 then notice n"), "write `>=`, not `=>`");
        // Declaration keywords between declarations; keywords expected where the parser stopped.
        let src = "policy \"P\"\nfakta2 { a: int }\n";
        let errors = parse(src).unwrap_err();
        assert!(errors[0].message.en.starts_with("expected a declaration (`rule`"), "{}", errors[0].message.en);
        assert_eq!(errors[0].help.as_ref().map(|h| h.en.as_str()), Some("did you mean `fakta`?"));
        assert_eq!(help("rule r \"R\" source \"S\" when a > 1 mka notice n"), "did you mean `maka`?");
        assert!(
            help("helpers kelipatan(x: int) -> int").starts_with("one helper is declared with `helper kelipatan(…)")
        );
        let src = "policy \"P\"\nfacts { a: int }\ndecision table t \"T\" source \"S\" hit colect\n| a | hasil |\n";
        assert_eq!(parse(src).unwrap_err()[0].message.en, "expected `first` or `collect`, found `colect`");
        // A word that is nothing like a keyword gets no guess.
        assert!(!help(&rule("zzzzzz")).contains("did you mean"));
    }

    #[test]
    fn something_left_open_is_named_where_it_was_opened() {
        // A title without its closing quote runs on to the next line (titles may span lines).
        assert_eq!(
            help("rule r \"Sepuluh tahun\n    source \"PP 35/2010\"\n    when a > 1 then notice n"),
            "the text `\"Sepuluh tahun` begun at line 3, column 8 runs on to the next line: a `\"` is missing at the end of its line"
        );
        assert_eq!(
            help("rule r \"R\" source \"S\"\n    when not (a > 1\n    then notice n"),
            "the `(` at line 4, column 14 is never closed: a `)` is missing"
        );
        // A bracket closed further on its line is not what is wrong.
        assert_eq!(help("rule r \"R\" source \"S\" when any(b yng c > 1) then notice n"), "did you mean `yang`?");
        let src = "policy \"P\" version \"1\"\nfacts {\n    a: int\n    b: list of { c: int }\n\nrule r \"R\" source \"S\" when a > 1 then notice n\n";
        let errors = parse(src).unwrap_err();
        assert_eq!(
            errors[0].help.as_ref().map(|h| h.en.as_str()),
            Some("the `{` at line 2, column 7 is never closed: a `}` is missing")
        );
        let src = "policy \"P\" version \"1\"\ndescription \"\"\"\nLong text\nfacts { a: int }\n";
        let errors = parse(src).unwrap_err();
        assert!(errors[0].help.as_ref().is_some_and(|h| h.en.starts_with("the `\"\"\"` on line 2 is never closed")));
    }

    #[test]
    fn a_description_in_triple_quotes_is_its_text_without_the_layout() {
        let src = "policy \"P\" version \"1\"\ndescription \"\"\"\n    Hukuman disiplin.\n\n      (PP 94/2021)  \n    \"\"\"\nfacts { a: int }\n";
        assert_eq!(parse(src).unwrap().description.as_deref(), Some("Hukuman disiplin.\n\n  (PP 94/2021)"));
        let src = "policy \"P\" version \"1\"\ndescription \"  as written \"\nfacts { a: int }\n";
        assert_eq!(parse(src).unwrap().description.as_deref(), Some("  as written "));
    }

    #[test]
    fn an_empty_policy_is_pointed_at_its_start() {
        for (src, start) in [("", 0), ("\u{feff}", 3), ("// only a comment\n", 0), ("\n\n  // a\n// b", 0)] {
            let errors = parse(src).unwrap_err();
            let d = &errors[0];
            assert_eq!((d.span.start, d.span.end), (start, start), "{src:?}");
            assert!(d.message.en.ends_with("found the end of the file"), "{src:?}: {}", d.message.en);
            // A byte-order mark is allowed: no help about invisible spaces.
            assert!(d.help.is_none(), "{src:?}: {:?}", d.help);
        }
        let nul = parse("\0\0").unwrap_err();
        assert!(nul[0].message.en.ends_with("found the control character U+0000"), "{}", nul[0].message.en);
    }
}
