// The examples offered in the picker, gathered at build time: every `.aturan` file under the
// repository's examples/ and under the playground's own examples/, each with the employees.json
// beside it when there is one. Nothing is copied into git: Vite bundles the files as text.

const repoPolicies = import.meta.glob('../../../examples/**/*.aturan', { query: '?raw', import: 'default', eager: true });
const repoEmployees = import.meta.glob('../../../examples/**/employees.json', { import: 'default', eager: true });
const ownPolicies = import.meta.glob('../examples/**/*.aturan', { query: '?raw', import: 'default', eager: true });
const ownEmployees = import.meta.glob('../examples/**/employees.json', { import: 'default', eager: true });

/** The date of the policy's first example (`example "…" on 2025-12-31`): the year its facts describe. */
function firstExampleDate(source) {
  return (source.match(/^\s*(?:example|contoh)\s+"(?:[^"\\]|\\.)*"\s+(?:on|pada)\s+(\d{4}-\d{2}-\d{2})/m) || [])[1] || null;
}

function dirOf(path) {
  return path.slice(0, path.lastIndexOf('/'));
}

function collect(policies, employees, prefix) {
  const out = [];
  for (const [path, source] of Object.entries(policies)) {
    const rel = path.slice(path.indexOf(prefix) + prefix.length).replace(/\.aturan$/, '');
    const emp = employees[`${dirOf(path)}/employees.json`];
    const title = (source.match(/^\s*(?:policy|kebijakan)\s+"([^"]*)"/m) || [])[1] || rel;
    out.push({ id: rel, title, source, employees: Array.isArray(emp) ? emp : [], asOf: firstExampleDate(source) });
  }
  return out;
}

export const EXAMPLES = [
  ...collect(repoPolicies, repoEmployees, '/examples/'),
  ...collect(ownPolicies, ownEmployees, '/examples/').map((e) => ({ ...e, id: `playground/${e.id}` })),
].sort((a, b) => (a.id === 'semarang/semarang' ? -1 : b.id === 'semarang/semarang' ? 1 : a.id.localeCompare(b.id)));

/** The example `id`, or null: a blank or custom policy has no example employees and no baseline. */
export function findExample(id) {
  return EXAMPLES.find((e) => e.id === id) || null;
}

/** The name to show for an employee's facts. */
export function employeeLabel(facts, index) {
  const name = facts?.nama ?? facts?.name;
  const nip = facts?.nip;
  if (name && nip) return `${name} (${nip})`;
  return name || nip || `#${index + 1}`;
}
