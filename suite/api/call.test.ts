import type { ClientResponse, HttpClient, RequestOptions } from 'journeys-runner';
import { describe, expect, it } from 'vitest';
import { call, EndpointTemplateError, resolveEndpoint } from './call.ts';

/** A client that answers 200 and keeps what it was asked to send. */
function recordingClient() {
  const sent: { method: string; path: string; options?: RequestOptions }[] = [];
  const request = async (method: string, path: string, options?: RequestOptions) => {
    sent.push({ method, path, options });
    return { status: 200 } as ClientResponse;
  };
  const client: HttpClient = {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, options) => request('POST', path, options),
    put: (path, options) => request('PUT', path, options),
    patch: (path, options) => request('PATCH', path, options),
    delete: (path, options) => request('DELETE', path, options),
  };
  return { client, sent };
}

describe('resolveEndpoint', () => {
  it('fills every param into the path and keeps the template as the name', () => {
    expect(
      resolveEndpoint('PUT /inventory/{id}/reservations/{rid}/release', { id: 'item-1', rid: 'r 2' }),
    ).toEqual({
      method: 'PUT',
      path: '/inventory/item-1/reservations/r%202/release',
      name: 'PUT /inventory/{id}/reservations/{rid}/release',
    });
  });

  it('keeps a tag in the name and out of the URL', () => {
    expect(resolveEndpoint('[FLASH] POST /inventory/{id}/reserve', { id: 'i' })).toEqual({
      method: 'POST',
      path: '/inventory/i/reserve',
      name: '[FLASH] POST /inventory/{id}/reserve',
    });
  });

  it('refuses a param without a value, naming it', () => {
    expect(() => resolveEndpoint('PUT /orders/{id}/ship', {})).toThrow(
      'endpoint "PUT /orders/{id}/ship" needs a value for {id} — pass it as { params: { id } }',
    );
    expect(() => resolveEndpoint('PUT /orders/{id}/ship', { id: '' })).toThrow(EndpointTemplateError);
  });

  it('refuses a string that is not METHOD /path', () => {
    expect(() => resolveEndpoint('/orders/{id}')).toThrow(EndpointTemplateError);
    expect(() => resolveEndpoint('FETCH /orders')).toThrow(/is not a template/);
  });
});

describe('call', () => {
  it('sends the filled-in path under the template name, with the other options as given', async () => {
    const { client, sent } = recordingClient();
    await call(client, 'PUT /orders/{id}/ship', {
      params: { id: 'o-9' },
      json: { carrier: 'x' },
      expect: [200],
    });
    await call(client, 'GET /orders', { query: { page: 2 } });
    expect(sent).toEqual([
      {
        method: 'PUT',
        path: '/orders/o-9/ship',
        options: { json: { carrier: 'x' }, expect: [200], name: 'PUT /orders/{id}/ship' },
      },
      { method: 'GET', path: '/orders', options: { query: { page: 2 }, name: 'GET /orders' } },
    ]);
  });
});

describe('a note behind the path', () => {
  it('stays in the name only', () => {
    expect(resolveEndpoint('POST /orders/{id}/items (after confirm)', { id: 'o' })).toEqual({
      method: 'POST',
      path: '/orders/o/items',
      name: 'POST /orders/{id}/items (after confirm)',
    });
  });
});
