
/** The language of messages, diagnostics and explanations. */
export type Lang = "en" | "id";

/** Any JSON value. Decimals arrive as JavaScript numbers (use `evaluateJson` for exact text). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * One employee's facts: a plain object shaped as the policy's `facts` declaration says. Any
 * object type will do (an `interface Employee` of the HR system); a field holding `undefined` is
 * absent, and fields the policy does not declare are ignored.
 */
export type Facts = object;

/** Either a value (`ok`) or the reasons there is none (`errors`); test with `if (r.ok)`. */
export type Result<T, E> = { ok: T; errors?: undefined } | { errors: E[]; ok?: undefined };

/** A problem found in a policy. Lines and columns are 1-based (columns count characters);
 * `start`/`end` are byte offsets, `start_utf16`/`end_utf16` offsets in UTF-16 code units, as
 * JavaScript strings and browser editors count them. */
export interface Diagnostic {
    severity: "error" | "warning";
    /** A stable code, e.g. `syntax`, `unknown-name`, `type-mismatch`. */
    code: string;
    message: string;
    help: string | null;
    line: number;
    column: number;
    end_line: number;
    end_column: number;
    start: number;
    end: number;
    start_utf16: number;
    end_utf16: number;
    /**
     * The helper file and line the problem is in (`lib.rhai:2`), when it is not in the policy
     * itself; `line`/`column` then point at the `helpers "lib.rhai"` line of the policy.
     */
    file?: string;
}

export type CheckResult = Result<{ warnings: Diagnostic[] }, Diagnostic>;
export type CompileResult = Result<PolicyHandle, Diagnostic>;

/** Options of one evaluation. */
export interface EvalOptions {
    /** The date of the decision, `YYYY-MM-DD` or a `Date` (its local date); default today. */
    as_of?: string | Date | null;
    /** Parameter overrides by name: a `Date` for a date parameter means its local date, a
     * `bigint` a whole number past 2^53 exactly; `undefined` (an optional setting not set) is
     * left out, so the policy's default holds. */
    params?: { [name: string]: JsonValue | Date | bigint | undefined } | null;
    /** Record, for every rule, what each condition found and required. */
    explain?: boolean | null;
    /** Default: the language the policy was compiled with. */
    lang?: Lang | null;
}

/** Why an evaluation gave no decision. */
export interface EvalIssue {
    code: "facts" | "json" | "param" | "option" | "helper" | "limit";
    message: string;
    /** `facts`: the JSON path of the wrong fact, e.g. `kinerja[1].nilai_skp` (absent when the
     * facts are not JSON at all). */
    path?: string;
    /** `facts`: what the policy declares there. */
    expected?: string;
    /** `facts`: what was sent, as JSON text. */
    found?: string;
    /** `param`: the parameter's name. */
    param?: string;
    /** `helper`: the helper that failed, and where; `json` (`evaluateJson`, `evaluateManyJson`):
     * where the facts text breaks. */
    helper?: string;
    line?: number;
    column?: number;
    /** `helper`: the helper file `line` is in (`lib.rhai`); absent when it is the policy. */
    file?: string;
}

export type EvalResult = Result<Decision, EvalIssue>;

export type OutcomeKind = "sanction" | "reward" | "promotion" | "notice";

/** Three-valued result of a condition or rule. */
export type Truth = "true" | "false" | "unknown";

export interface PolicyStamp {
    name: string;
    version: string;
    /** `sha256:` and the hex digest of the policy source (and its helper files). */
    source_hash: string;
    /** The engine that applied it, `aturan` and its version (`"aturan 0.1.0"`). */
    engine: string;
}

/** An outcome that applies. */
export interface Outcome {
    kind: OutcomeKind;
    code: string;
    /** The severity level of a sanction (`ringan`, `sedang`, `berat`). */
    level?: string;
    /** Named parameters, e.g. `{persen: 85}`; dates are ISO strings. */
    params: { [name: string]: JsonValue };
    /** The rule (or `table#row`) that gave it. */
    rule: string;
    title: string;
    /** The regulation and article. */
    source: string;
}

/** An outcome a rule gave that did not stand: a lighter sanction, one replaced by an exception, or one given by a rule above. */
export interface SetAside extends Outcome {
    /** The rule whose outcome took its place. */
    by: string;
    reason: string;
}

/** An outcome that could not be decided because facts are missing. */
export interface Undetermined {
    kind: OutcomeKind;
    code: string;
    rule: string;
    title: string;
    source: string;
    /** The fact paths that would decide it, e.g. `presensi.alpa_hari`, `kinerja[where tahun == tahun_ini]`. */
    missing: string[];
}

/** One condition of a rule, as evaluated. */
export interface ConditionTrace {
    /** The condition as written in the policy. */
    text: string;
    result: Truth;
    /** The value found, as text. */
    actual?: string;
    /** What the condition requires, as text (`>= 4`). */
    required?: string;
    /** A readable sentence in the decision's language. */
    note: string;
    missing?: string[];
    /** For a time requirement not met yet, the first day it holds (`YYYY-MM-DD`). */
    holds_from?: string;
    /**
     * In a reward or promotion rule that is no exception, for a number that misses its threshold
     * (`>=`, `>`, `<=`, `<`), the change that would meet it, as exact decimal text (`"10"` for 40
     * against `>= 50`).
     */
    gap?: string;
}

/** How one rule or table row was evaluated. */
export interface RuleTrace {
    rule: string;
    title: string;
    source: string;
    kind: OutcomeKind;
    result: Truth;
    /** Present, and false, for a rule whose own effective period does not hold the decision date. */
    in_effect?: false;
    /** For an exception, the id of the rule whose outcome it replaces when it applies. */
    exception_to?: string;
    /** The codes of the outcomes it gives, in the policy's order (absent for `then none`). */
    codes?: string[];
    /** What the rule did in this decision. */
    summary: string;
    conditions: ConditionTrace[];
}

/** The decision for one employee on one date. */
export interface Decision {
    policy: PolicyStamp;
    as_of: string;
    /** The parameter values used (defaults merged with the overrides). */
    params: { [name: string]: JsonValue };
    /** Sanction, rewards, promotions, notices, in that order. */
    outcomes: Outcome[];
    set_aside: SetAside[];
    undetermined: Undetermined[];
    /** Present when `explain` was asked for. */
    explanation?: RuleTrace[];
}

/** The policy header. */
export interface PolicyInfo {
    name: string;
    version: string;
    description: string;
    effective_from: string | null;
    effective_until: string | null;
    source_hash: string;
}

/** The type of a declared fact or parameter. */
export type TypeInfo =
    | { type: "bool" }
    | { type: "int"; min?: string; max?: string }
    | { type: "decimal"; min?: string; max?: string }
    | { type: "text" }
    | { type: "date" }
    /** `values` in declaration order (lightest or lowest first when `ordered`). */
    | { type: "enum"; name: string; ordered: boolean; values: string[] }
    | { type: "record"; fields: FieldInfo[] }
    | { type: "list"; item: TypeInfo };

export interface FieldInfo {
    name: string;
    optional: boolean;
    doc?: string;
    type: TypeInfo;
    /** For a list of records declared `unique by FIELD`: the field no two items may share. */
    unique_by?: string;
}

/** The `facts` declaration. */
export interface FactsSchema {
    fields: FieldInfo[];
}

export interface ParamInfo {
    name: string;
    type: TypeInfo;
    default: JsonValue;
    doc?: string;
}

/** A value the policy names with `let` (`misal`), with its type. */
export interface LetInfo {
    name: string;
    type: TypeInfo;
}

/** A rule or decision table as declared. */
export interface RuleInfo {
    id: string;
    title: string;
    source: string;
    kind: OutcomeKind;
    /** The outcome codes it can give. */
    codes: string[];
    form: "rule" | "table";
    exception_to?: string;
    effective_from?: string;
    effective_until?: string;
    /** 1-based line of the declaration. */
    line: number;
}

export interface TestFailure {
    /** What was checked, e.g. `reward tpp`. */
    what: string;
    expected: string;
    actual: string;
    /** 1-based line of the failed expectation in the policy (an example's; a case's has none). */
    line?: number;
    /** For an expected outcome not given: each condition its rules fail, as the explanation says it. */
    why?: string[];
}

/** The result of one policy example or one case. */
export interface TestResult {
    name: string;
    passed: boolean;
    failures: TestFailure[];
    /** Set when the example could not be evaluated at all. */
    error?: string;
    /** 1-based line of the example in the policy. */
    line?: number;
}

/** A case in the reference format (`tests/cases/*.json`). */
export interface Case {
    name: string;
    as_of: string;
    facts: Facts;
    /** Parameter overrides by name (left out, or `undefined`: the policy's defaults). */
    params?: { [name: string]: JsonValue | Date | bigint | undefined };
    /** The decision expected; a key left out means none of that kind. (A code may also be
     * `undefined`, as TypeScript types a case file imported as JSON whose cases name different
     * codes; it counts as left out.) */
    expect: {
        sanction?: string | null;
        rewards?: { [code: string]: { [name: string]: JsonValue } | undefined };
        promotion?: { [code: string]: { [name: string]: JsonValue } | undefined };
        notices?: { [code: string]: { [name: string]: JsonValue } | undefined };
        undetermined?: readonly string[];
    };
}
