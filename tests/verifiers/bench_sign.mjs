// Digital Bazaar's signer, timed on the credentials badgegen signs, for `make bench`.
//
// stdin:  {"credentials": [unsigned documents], "seed": "<hex Ed25519 seed>",
//          "verification_method": "<did#key>", "created": ["<xsd:dateTime>", ...]}
// stdout: {"signed": N, "seconds": S}
// The offline document loader answers the JSON-LD contexts from the packages, as in ob3_verify.

import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';

import {CONTEXTS} from './ob3_loader.mjs';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function documentLoader(url) {
  if (CONTEXTS.has(url)) {
    return {contextUrl: null, documentUrl: url, document: CONTEXTS.get(url)};
  }
  throw new Error(`offline: ${url}`);
}

const input = await readStdin();
const [did] = input.verification_method.split('#');
const key = await Ed25519Multikey.generate({
  id: input.verification_method,
  controller: did,
  seed: Uint8Array.from(Buffer.from(input.seed, 'hex')),
});
const start = process.hrtime.bigint();
let signed = 0;
for (const [index, credential] of input.credentials.entries()) {
  const suite = new DataIntegrityProof({
    signer: key.signer(),
    cryptosuite: eddsaRdfc2022,
    date: input.created[index],
  });
  await vc.issue({credential, suite, documentLoader});
  signed += 1;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(JSON.stringify({signed, seconds}));
