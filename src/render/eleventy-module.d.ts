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

/** Eleventy's dev server: serves a folder and reloads connected browsers. */
declare module '@11ty/eleventy-dev-server' {
  interface DevServerOptions {
    pathPrefix?: string;
    liveReload?: boolean;
    domDiff?: boolean;
    showVersion?: boolean;
    logger?: { info: (...a: unknown[]) => void; log: (...a: unknown[]) => void; error: (...a: unknown[]) => void };
  }
  export default class EleventyDevServer {
    static getServer(name: string, dir: string, options?: DevServerOptions): EleventyDevServer;
    serve(port: number): void;
    reload(event?: { subtype?: string; files?: string[] }): void;
    close(): Promise<void>;
  }
}
