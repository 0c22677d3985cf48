import type { ClientResponse, HttpClient, RequestOptions } from './client.ts';

/** `get`/`post`/`put`/`patch`/`delete` in terms of `request`, written once for the client and its views. */
export abstract class RequestShortcuts implements HttpClient {
  abstract request(method: string, path: string, options?: RequestOptions): Promise<ClientResponse>;

  get(path: string, options?: RequestOptions): Promise<ClientResponse> {
    return this.request('GET', path, options);
  }

  post(path: string, options?: RequestOptions): Promise<ClientResponse> {
    return this.request('POST', path, options);
  }

  put(path: string, options?: RequestOptions): Promise<ClientResponse> {
    return this.request('PUT', path, options);
  }

  patch(path: string, options?: RequestOptions): Promise<ClientResponse> {
    return this.request('PATCH', path, options);
  }

  delete(path: string, options?: RequestOptions): Promise<ClientResponse> {
    return this.request('DELETE', path, options);
  }
}
