/**
 * The real Fil server (`server/index.ts`), plus one bench-only door: over the IPC channel the
 * harness asks for memory after a full GC. Start with `node --expose-gc --import tsx`.
 */
import { answerMemoryRequests } from './bench-probe.ts';

answerMemoryRequests();
await import('../../server/index.ts');
