import { Injectable, Module, type Type } from '@nestjs/common';
import { expect } from '@jest/globals';
import { startApp } from './mcp-app.js';

/**
 * A fresh injectable class marked with `decorator(options)`, with a handler method `method` (none
 * when undefined): the capability definitions boot-failure tests feed to the registries.
 */
export function decoratedClass<O>(
  decorator: (options: O) => ClassDecorator,
  options: O,
  method?: string,
): Type {
  class Decorated {}
  if (method)
    Object.defineProperty(Decorated.prototype, method, { value: () => '' });
  Injectable()(Decorated);
  decorator(options)(Decorated);
  return Decorated;
}

/** Boots the app with `providers` in an extra module and expects boot to fail with `message`. */
export async function expectBootFailure(
  providers: Type[],
  message: RegExp,
): Promise<void> {
  @Module({ providers })
  class BadModule {}
  const booted = await startApp({}, [BadModule]).catch((err: Error) => err);
  if (!(booted instanceof Error)) {
    await booted.close(); // never leave a server listening behind a failed expectation
    throw new Error(`boot succeeded, expected it to fail with ${message}`);
  }
  expect(booted.message).toMatch(message);
}
