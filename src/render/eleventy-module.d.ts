/** The part of Eleventy 3's programmatic API the build uses (the package ships no types for it). */
declare module '@11ty/eleventy' {
  interface EleventyOptions {
    quietMode?: boolean;
    configPath?: string | false;
    pathPrefix?: string;
    runMode?: 'build' | 'serve' | 'watch';
    config?: (eleventyConfig: any) => void | Promise<void>;
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    toJSON(): Promise<unknown[]>;
    write(): Promise<unknown>;
  }
}
