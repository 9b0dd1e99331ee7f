// The AWS SDK warns on every start that it will want Node 22 from 2027; Lambda runs Node 22, and locally the
// notice only hides what the local stack prints. Every other warning still shows.
const emit = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.name + warning.message;
  const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  if (type === 'NodeVersionSupportWarning' || text.includes('NodeVersionSupportWarning')) return;
  (emit as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
