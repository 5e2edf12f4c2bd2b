// A node:test reporter that writes how long each test file's top-level tests took, as JSON lines
// `{"file": ..., "ms": ...}`: scripts/run-tests.mjs reads them to split the next run's files evenly
// over its processes. It prints nothing else; the spec reporter runs beside it.
export default async function* durations(source) {
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0) {
      const ms = event.data.details?.duration_ms;
      if (event.data.file && typeof ms === 'number')
        yield `${JSON.stringify({ file: event.data.file, ms })}\n`;
    }
  }
}
