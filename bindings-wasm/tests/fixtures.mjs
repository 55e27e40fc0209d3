// Small policies written for the API tests; the conformance tests use the repository's examples.

export const LATIHAN = `policy "Latihan" version "1"
facts {
    alpa_hari: int >= 0
    nilai_skp: optional decimal in 0..100
}
param batas_alpa: int = 3 description "days of unexcused absence that earn a reprimand"
rule teguran "Teguran lisan"
    source "PP 94/2021 Pasal 9"
    when alpa_hari >= batas_alpa
    then sanction teguran_lisan
rule tpp "Tambahan penghasilan"
    source "Perwal Semarang Pasal 5"
    when nilai_skp >= 80
    then reward tpp(persen: 85)
severity {
    ringan: teguran_lisan
}
example "three days absent" on 2025-12-31 {
    given { alpa_hari: 3, nilai_skp: 85 }
    expect sanction teguran_lisan
    expect reward tpp(persen: 85)
}
example "a failing example" on 2025-12-31 {
    given { alpa_hari: 0, nilai_skp: 85 }
    expect sanction teguran_lisan
}
`;

/** A helper that never returns: the engine's operation limit must stop it. */
export const RUNAWAY = `policy "Runaway" version "1"
facts {
    n: int
}
helpers """
fn forever(n) { let x = n; loop { x += 1; } x }
"""
helper forever(n: int) -> int
rule never_ends "Never ends"
    source "test"
    when forever(n) > 0
    then notice cek
`;
