export async function run(_args: string[]): Promise<number> {
  process.stderr.write('news-archive build: not available yet\n');
  return 1;
}
