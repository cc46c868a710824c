export declare const NATIVE_PATTERN: string;
