// A TypeScript handler. Local invoke transpiles it on the fly (with source maps, so stack traces
// point at these lines); packaging and deploy build it with esbuild into greeter.js (Handler
// greeter.handler), because Lambda's Node.js runtime loads only .js, .mjs and .cjs.

interface GreetEvent {
  name?: string;
  language?: 'en' | 'fr' | 'de';
}

interface GreetResult {
  greeting: string;
  language: string;
  functionName: string;
}

interface LambdaContext {
  functionName: string;
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

const greetings: Record<string, string> = { en: 'Hello', fr: 'Bonjour', de: 'Hallo' };

export const handler = async (event: GreetEvent, context: LambdaContext): Promise<GreetResult> => {
  const language = event.language ?? process.env.DEFAULT_LANGUAGE ?? 'en';
  const word = greetings[language];
  if (!word) {
    throw new RangeError(`Unsupported language "${language}". Use one of: ${Object.keys(greetings).join(', ')}.`);
  }
  console.info(`greeting in ${language}, ${context.getRemainingTimeInMillis()} ms left`);
  return { greeting: `${word}, ${event.name ?? 'friend'}!`, language, functionName: context.functionName };
};
