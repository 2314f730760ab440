// Types of bundleLookup.mjs (plain JavaScript, so that bin/cachelab.js can run it without tsx).
export declare const ROOT: string;
export declare function bundleDir(): string;
export declare function manifestFileOf(entry: string): string;
export declare function esbuildVersion(): string;
export declare function digestOf(files: readonly string[], version: string): string;
export declare function fileSystemNowMs(dir: string): number;
export declare function markUsed(...files: string[]): boolean;
export declare function cachedBundle(entry: string, version?: string): URL | null;
