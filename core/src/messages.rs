//! Sentences of decisions and explanations, in English and Indonesian.

use aturan_dsl::Text;
use chrono::NaiveDate;

use crate::value::iso_date as iso;

pub fn period(from: Option<NaiveDate>, until: Option<NaiveDate>) -> Text {
    match (from, until) {
        (Some(f), Some(u)) if f == u => Text::new(format!("on {}", iso(f)), format!("pada {}", iso(f))),
        (Some(f), Some(u)) => {
            Text::new(format!("from {} until {}", iso(f), iso(u)), format!("mulai {} sampai {}", iso(f), iso(u)))
        }
        (Some(f), None) => Text::new(format!("from {}", iso(f)), format!("mulai {}", iso(f))),
        (None, Some(u)) => Text::new(format!("until {}", iso(u)), format!("sampai {}", iso(u))),
        (None, None) => Text::new("always", "selalu"),
    }
}

pub fn replaced_by_exception(by: &str) -> Text {
    Text::new(
        format!("replaced by the exception `{by}`, which applies"),
        format!("digantikan oleh pengecualian `{by}` yang berlaku"),
    )
}

/// An outcome replaced by an exception whose own outcome an exception to it replaces in turn
/// (Satyalancana X by XX, XX by XXX): the one given in the end is named.
pub fn replaced_through_exceptions(by: &str, last: &str) -> Text {
    Text::new(
        format!("replaced by the exception `{by}`, whose outcome the exception `{last}` replaces in turn: `{last}` is what is given"),
        format!("digantikan oleh pengecualian `{by}`, yang hasilnya digantikan pula oleh pengecualian `{last}`: yang akhirnya diberikan adalah hasil `{last}`"),
    )
}

/// An outcome set aside by an exception that gives nothing in its place (`then none`).
pub fn removed_by_exception(by: &str, kind: crate::OutcomeKind) -> Text {
    Text::new(
        format!("set aside by the exception `{by}`, which applies and gives no {} in its place", kind_word(kind).en),
        format!(
            "dikesampingkan oleh pengecualian `{by}` yang berlaku dan tidak memberi {} sebagai gantinya",
            kind_word(kind).id
        ),
    )
}

pub fn lighter_sanction(code: &str, imposed: &str, rule: &str) -> Text {
    Text::new(
        format!("`{code}` is lighter than `{imposed}` (rule `{rule}`); only the heaviest sanction is imposed"),
        format!("`{code}` lebih ringan daripada `{imposed}` (aturan `{rule}`); hanya sanksi terberat yang dijatuhkan"),
    )
}

pub fn same_sanction(rule: &str) -> Text {
    Text::new(
        format!("the same sanction is already imposed by rule `{rule}`"),
        format!("sanksi yang sama sudah dijatuhkan oleh aturan `{rule}`"),
    )
}

pub fn already_given(rule: &str) -> Text {
    Text::new(
        format!("the same outcome is already given by rule `{rule}`"),
        format!("hasil yang sama sudah diberikan oleh aturan `{rule}`"),
    )
}

pub fn first_counts(rule: &str, code: &str) -> Text {
    Text::new(
        format!("rule `{rule}`, above this one, already gives `{code}` with other parameters: of the rules giving one code, the first that applies counts"),
        format!("aturan `{rule}`, di atas aturan ini, sudah memberi `{code}` dengan parameter lain: dari aturan yang memberi kode yang sama, yang pertama berlaku yang dihitung"),
    )
}

pub fn not_in_effect(period: &Text) -> Text {
    Text::new(
        format!("not in effect on this date (in effect {})", period.en),
        format!("tidak berlaku pada tanggal ini (berlaku {})", period.id),
    )
}

pub fn holds_from(date: NaiveDate) -> Text {
    Text::new(format!("holds from {}", iso(date)), format!("terpenuhi mulai {}", iso(date)))
}

/// [`holds_from`] a day after the policy's period ends: not while this policy is in force.
pub fn holds_after_period(date: NaiveDate, until: NaiveDate) -> Text {
    Text::new(
        format!("would hold from {}, after this policy's period (until {})", iso(date), iso(until)),
        format!("baru terpenuhi mulai {}, setelah masa berlaku kebijakan ini (sampai {})", iso(date), iso(until)),
    )
}

pub fn holds_after_rule_period(date: NaiveDate, until: NaiveDate) -> Text {
    Text::new(
        format!("would hold from {}, after this rule's period (until {})", iso(date), iso(until)),
        format!("baru terpenuhi mulai {}, setelah masa berlaku aturan ini (sampai {})", iso(date), iso(until)),
    )
}

/// [`holds_after_rule_period`], where another rule gives the same outcome from then (the next
/// version of a table replaced on a date).
pub fn holds_after_rule_period_then(date: NaiveDate, until: NaiveDate, rule: &str, code: &str) -> Text {
    Text::new(
        format!(
            "would hold from {}, after this rule's period (until {}); from then `{rule}` gives `{code}`",
            iso(date),
            iso(until)
        ),
        format!(
            "baru terpenuhi mulai {}, setelah masa berlaku aturan ini (sampai {}); sejak itu `{rule}` yang memberi `{code}`",
            iso(date),
            iso(until)
        ),
    )
}

pub fn kind_word(kind: crate::decision::OutcomeKind) -> Text {
    use crate::decision::OutcomeKind as K;
    match kind {
        K::Sanction => Text::new("sanction", "sanksi"),
        K::Reward => Text::new("reward", "penghargaan"),
        K::Promotion => Text::new("promotion", "kenaikan pangkat"),
        K::Notice => Text::new("notice", "pemberitahuan"),
    }
}

/// An exception that might replace what a rule gives is undecided.
pub fn exception_undecided(exception: &str, missing: &str) -> Text {
    Text::new(
        format!("but the exception `{exception}` might replace it: undetermined (missing: {missing})"),
        format!("tetapi pengecualian `{exception}` mungkin menggantikannya: belum pasti (fakta belum ada: {missing})"),
    )
}
