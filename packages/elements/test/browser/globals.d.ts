// Mocha globals that @web/test-runner provides (its built-in framework); declared here so no
// @types/mocha dependency is needed. Function declarations merge if another package adds its own.
interface FurrowMochaContext {
  timeout(ms: number): void;
  skip(): never;
}
declare function describe(name: string, fn: (this: FurrowMochaContext) => void): void;
declare function it(name: string, fn: (this: FurrowMochaContext) => void | Promise<void>): void;
declare function before(fn: (this: FurrowMochaContext) => void | Promise<void>): void;
declare function after(fn: (this: FurrowMochaContext) => void | Promise<void>): void;
declare function beforeEach(fn: (this: FurrowMochaContext) => void | Promise<void>): void;
declare function afterEach(fn: (this: FurrowMochaContext) => void | Promise<void>): void;
