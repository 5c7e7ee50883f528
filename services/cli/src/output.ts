/** Prints `value` as one JSON line with --json, else the human text. */
export function print(options: { json?: boolean | undefined }, value: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}
