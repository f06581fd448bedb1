/** Sample events (API Gateway, S3, SQS, …) from the engine's local-invoke module. */
import type { ConnectionManager } from '../connection';
import type { SampleEvent } from './eventPicker';

export async function loadSamples(connection: ConnectionManager): Promise<SampleEvent[]> {
  const engine = await connection.loadEngine();
  return engine.listSampleEvents().map((s) => ({ name: s.label, description: s.description, payload: JSON.stringify(s.event, null, 2) }));
}
