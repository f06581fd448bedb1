// The benchmarks' command-line numbers (--runs N, --cold N, …): one reader for every bench script,
// so they all take the same flags the same way.

/** The number after `name` on the command line, or `def` when the flag is not given. */
export function numberArg(name, def) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
