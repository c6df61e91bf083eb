// The contract over the browser host's HTTP protocol, from Node with a real
// fetch: the same requests the renderer's browser client sends.
import { randomUUID } from 'node:crypto';
import type { CallArgs, CallName, CallOutcome, CallResult } from '../../src-shared/contract';
import { CALL_PATH, CLIENT_HEADER, TOKEN_HEADER } from '../../src-shared/http-protocol';
import { fromWireJson, toWireJson } from '../../src-shared/wire';
import type { RunningHost } from './host';

export class HttpContractClient {
  readonly clientId = `bench-${randomUUID()}`;

  constructor(private readonly host: RunningHost) {}

  async call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
    const response = await fetch(`${this.host.origin}${CALL_PATH}${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: this.host.token, [CLIENT_HEADER]: this.clientId },
      body: toWireJson(args),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status}: ${text.slice(0, 200)}`);
    const outcome = fromWireJson(text) as CallOutcome<CallResult<K>>;
    if (!outcome.ok) throw new Error(`${name}: ${outcome.error.code}: ${outcome.error.message}`);
    return outcome.value;
  }
}
