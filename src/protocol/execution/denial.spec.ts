import { describe, expect, it } from '@jest/globals';
import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  UnauthorizedException,
} from '@nestjs/common';
import { FORBIDDEN_MESSAGE } from '@nestjs/core/guards/constants.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { denialOf } from './denial.js';

const tool = { kind: 'tool', name: 'deploy' } as const;

describe(denialOf.name, () => {
  it('rewords the refusal Nest throws for a guard that returned false to name the target', () => {
    const denial = denialOf(new ForbiddenException(FORBIDDEN_MESSAGE), tool);
    expect(denial).toBeInstanceOf(JsonRpcError);
    expect(denial).toMatchObject({
      code: -32600,
      httpStatus: 403,
      message: 'Forbidden: you may not use tool deploy',
    });
    expect(
      denialOf(new ForbiddenException(FORBIDDEN_MESSAGE), {
        kind: 'resource',
        name: 'file:///x',
      })?.message,
    ).toBe('Forbidden: you may not use resource file:///x');
  });

  it('keeps the status and message of any other 4xx', () => {
    expect(denialOf(new ForbiddenException('Admins only'), tool)).toMatchObject(
      {
        httpStatus: 403,
        message: 'Admins only',
      },
    );
    expect(denialOf(new BadRequestException('Bad region'), tool)).toMatchObject(
      {
        code: -32600,
        httpStatus: 400,
        message: 'Bad region',
      },
    );
    expect(denialOf(new ForbiddenException(), tool)?.message).toBe('Forbidden');
    expect(denialOf(new UnauthorizedException(), tool)?.httpStatus).toBe(401);
  });

  it("adds the reasons a ValidationPipe puts in its response's message list", () => {
    expect(
      denialOf(
        new BadRequestException([
          'name must be a string',
          'age must be positive',
        ]),
        tool,
      ),
    ).toMatchObject({
      httpStatus: 400,
      message:
        'Bad Request Exception: name must be a string; age must be positive',
    });
  });

  it.each([
    ['a 5xx HttpException', new InternalServerErrorException('db down')],
    ['a 3xx HttpException', new HttpException('moved', 302)],
    ['a plain Error', new Error('boom')],
    ['a JsonRpcError', JsonRpcError.invalidParams('x')],
  ])('leaves %s alone', (_what, err) => {
    expect(denialOf(err, tool)).toBeUndefined();
  });
});
