// Types of bench/sizes.mjs for bench/sdk.ts (the module stays plain JS: bench:elements runs it
// with node alone).

/** Size of the lazy chunks a measure selected. */
export interface LazySize {
  files: number;
  gz: number;
}

/** Options esbuild gets for chunks as the CDN build ships them. */
export declare const SHIPPED: Record<string, unknown>;
/** The first six elements. */
export declare const ELEMENTS: string[];
/** The SDK's main entry as a page imports it. */
export declare const SDK_ENTRY: string;

/** Eager size of elements as shipped, with their lazy hi, mr and offline chunks. */
export declare function elementBundle(entry: string | string[]): Promise<{ min: number; gz: number; hi: LazySize; mr: LazySize; offline: LazySize }>;
/** `<furrow-NAME>` + provider + Lit + SDK. */
export declare function elementAlone(name: string): ReturnType<typeof elementBundle>;
/** The SDK bundled the way the elements bundle it. */
export declare function sdkBundle(
  contents?: string,
  splitting?: boolean,
): Promise<{ min: number; gz: number; files: number; lazy: LazySize; deps: string[]; zod: boolean }>;
