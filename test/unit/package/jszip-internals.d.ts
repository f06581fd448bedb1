// Types for the few jszip internals the zip writer builds on (jszip ships no types for lib/*).
// jszip 3.x has kept these modules unchanged since 3.0; jszipWriterOracle.ts (a test oracle) uses them.

declare module 'jszip/lib/compressions' {
  interface JSZipCompression {
    magic: string;
  }
  export const STORE: JSZipCompression;
  export const DEFLATE: JSZipCompression;
}

declare module 'jszip/lib/stream/DataWorker' {
  class DataWorker {
    constructor(data: Promise<unknown>);
    isPaused: boolean;
    isFinished: boolean;
    index: number;
    max: number;
    data: Uint8Array | null;
    withStreamInfo(key: string, value: unknown): this;
    push(chunk: { data: unknown; meta: { percent: number } }): boolean;
    end(): boolean;
    _tick(): boolean;
  }
  export = DataWorker;
}

declare module 'jszip/lib/compressedObject' {
  class CompressedObject {
    constructor(compressedSize: number, uncompressedSize: number, crc32: number, compression: { magic: string }, data: Uint8Array);
    compressedSize: number;
    uncompressedSize: number;
    crc32: number;
    compression: { magic: string };
    compressedContent: Uint8Array;
    getCompressedWorker(): unknown;
  }
  export = CompressedObject;
}
