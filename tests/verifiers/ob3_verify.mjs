// Verify Open Badges 3.0 credentials with Digital Bazaar's Data Integrity stack, offline.
//
// Independent of badgegen's own signer: proofs are checked by @digitalbazaar/vc +
// DataIntegrityProof + eddsa-rdfc-2022 (JSON-LD safe mode), the revocation bit by
// @digitalbazaar/vc-bitstring-status-list, the shape by the 1EdTech JSON Schemas (ajv, draft 2019-09).
// Documents come from ob3_loader.mjs: bundled contexts and files of the site, never the network.
//
// stdin:  {"site": "<output dir>", "base_url": "<base url>", "schemas": "<dir of 1EdTech OB3 schemas>",
//          "now": optional ISO date-time used as the verifier's clock (default: the real clock),
//          "jobs": [{"credential": <path (relative paths: under site) or inline object>,
//                    "check_status": true (default) | false}]}
// stdout: a JSON list, one report per job:
//         {"verified": bool, "errors": [str], "status": {"checked": bool, "revoked": bool | null},
//          "schema": "<schema file used>" | null, "schema_errors": [str]}
// "verified" is true only if the proof verifies, the status (when checked) is readable and not
// set, and the schema finds nothing.

import {readFileSync} from 'node:fs';
import path from 'node:path';

import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import {checkStatus, decodeList} from '@digitalbazaar/vc-bitstring-status-list';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

import {makeDocumentLoader} from './ob3_loader.mjs';

// Bitstring Status List v1.0: a list shorter than this is an error (STATUS_LIST_LENGTH_ERROR).
// @digitalbazaar/vc-bitstring-status-list 2.0.1 does not check it; the 1EdTech validator does.
const MIN_STATUS_LIST_BITS = 131072;

const SCHEMA_BY_TYPE = new Map([
  ['OpenBadgeCredential', 'achievementcredential.json'],
  ['AchievementCredential', 'achievementcredential.json'],
  ['EndorsementCredential', 'endorsementcredential.json'],
]);

function newSuite() {
  return new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
}

/** Every message of an error, its aggregated errors (jsonld-signatures) and its causes. */
function messages(error, out = [], seen = new Set()) {
  if (error === undefined || error === null || seen.has(error)) {
    return out;
  }
  seen.add(error);
  if (Array.isArray(error)) {
    for (const e of error) {
      messages(e, out, seen);
    }
    return out;
  }
  if (Array.isArray(error.errors)) {
    messages(error.errors, out, seen);
  } else {
    let text = error.message ?? String(error);
    if (error.details && typeof error.details === 'object') {
      const {event, code} = error.details;
      if (event) {
        text += ` ${JSON.stringify(event)}`;
      } else if (code) {
        text += ` (${code})`;
      }
    }
    if (!out.includes(text)) {
      out.push(text);
    }
  }
  messages(error.cause, out, seen);
  return out;
}

function makeSchemaValidator(schemasDir) {
  const ajv = new Ajv2019({allErrors: true, strict: false});
  addFormats(ajv);
  const compiled = new Map();
  return credential => {
    const types = [].concat(credential?.type ?? []);
    const name = types.map(t => SCHEMA_BY_TYPE.get(t)).find(Boolean);
    if (!name) {
      return {
        schema: null,
        errors: [
          `type ${JSON.stringify(credential?.type)} names no Open Badges 3.0 credential ` +
            '(OpenBadgeCredential, AchievementCredential or EndorsementCredential): no schema applies',
        ],
      };
    }
    if (!compiled.has(name)) {
      const schema = JSON.parse(readFileSync(path.join(schemasDir, name), 'utf8'));
      compiled.set(name, ajv.compile(schema));
    }
    const validate = compiled.get(name);
    if (validate(credential)) {
      return {schema: name, errors: []};
    }
    const errors = [];
    for (const e of validate.errors) {
      let text = `${e.instancePath || '/'} ${e.message}`;
      if (e.keyword === 'additionalProperties') {
        text += ` (${e.params.additionalProperty})`;
      } else if (e.keyword === 'enum') {
        text += ` ${JSON.stringify(e.params.allowedValues)}`;
      }
      if (!errors.includes(text)) {
        errors.push(text);
      }
    }
    return {schema: name, errors};
  };
}

async function verifyJob({job, site, documentLoader, validateSchema, now}) {
  const report = {
    verified: false,
    errors: [],
    status: {checked: false, revoked: null},
    schema: null,
    schema_errors: [],
  };
  let credential = job.credential;
  if (typeof credential === 'string') {
    const file = path.resolve(site, credential);
    try {
      credential = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      report.errors.push(`cannot read credential ${file}: ${e.message}`);
      return report;
    }
  }
  if (!credential || typeof credential !== 'object' || Array.isArray(credential)) {
    report.errors.push('the credential is not a JSON object');
    return report;
  }

  const schemaResult = validateSchema(credential);
  report.schema = schemaResult.schema;
  report.schema_errors = schemaResult.errors;

  const wantStatus = job.check_status !== false;
  let statusResult;
  const statusChecker = async ({credential: checked}) => {
    if (!wantStatus) {
      return {verified: true};
    }
    // The status list credential is verified here (with the same clock as the credential),
    // then @digitalbazaar/vc-bitstring-status-list reads the bit; it would otherwise verify the
    // list itself, always against the real clock. It reports verified: true even when the bit is set.
    const problems = [];
    const entries = [].concat(checked.credentialStatus ?? []);
    const lists = [
      ...new Set(entries.map(entry => entry?.statusListCredential).filter(url => typeof url === 'string')),
    ];
    for (const url of lists) {
      let list;
      try {
        ({document: list} = await documentLoader(url));
      } catch (e) {
        problems.push(`could not load status list credential ${url}: ${e.message}`);
        continue;
      }
      const listResult = await vc.verifyCredential({
        credential: list,
        suite: newSuite(),
        documentLoader,
        now,
      });
      if (!listResult.verified) {
        problems.push(
          `status list credential ${url} not verified: ` +
            messages([listResult.error, ...(listResult.results ?? []).map(r => r.error)]).join('; '),
        );
      }
      try {
        const decoded = await decodeList({encodedList: list?.credentialSubject?.encodedList});
        if (decoded.length < MIN_STATUS_LIST_BITS) {
          problems.push(
            `status list ${url} has ${decoded.length} bits, fewer than the ${MIN_STATUS_LIST_BITS} required`,
          );
        }
      } catch (e) {
        problems.push(`status list ${url}: ${e.message}`);
      }
    }
    const result = await checkStatus({
      credential: checked,
      documentLoader,
      suite: newSuite(),
      verifyBitstringStatusListCredential: false,
    });
    statusResult = result;
    if (problems.length) {
      return {...result, verified: false, error: problems.map(p => new Error(p))};
    }
    return result;
  };

  let result;
  try {
    result = await vc.verifyCredential({
      credential,
      suite: newSuite(),
      documentLoader,
      checkStatus: statusChecker,
      now,
    });
  } catch (e) {
    result = {verified: false, error: e};
  }

  const errors = messages([
    result.error,
    ...(result.results ?? []).map(r => r.error),
    result.statusResult?.error,
    ...(result.statusResult?.results ?? []).map(r => r.error),
  ]);
  let revoked = null;
  if (wantStatus && statusResult && credential.credentialStatus) {
    report.status.checked = true;
    const bits = (statusResult.results ?? []).filter(r => typeof r.status === 'boolean');
    if (bits.length) {
      revoked = bits.some(r => r.status);
    }
    report.status.revoked = revoked;
    if (revoked) {
      errors.push('revoked');
    }
  }
  report.errors = errors;
  report.verified = Boolean(result.verified) && revoked !== true && report.schema_errors.length === 0;
  if (!report.verified && errors.length === 0 && report.schema_errors.length === 0) {
    report.errors.push('not verified (no reason given by the verifier)');
  }
  return report;
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const {site, base_url: baseUrl, schemas, jobs, now} = input;
  if (!site || !baseUrl || !schemas || !Array.isArray(jobs)) {
    throw new TypeError('input needs "site", "base_url", "schemas" and a "jobs" list');
  }
  const documentLoader = makeDocumentLoader({site, baseUrl});
  const validateSchema = makeSchemaValidator(schemas);
  const reports = [];
  for (const job of jobs) {
    reports.push(await verifyJob({job, site, documentLoader, validateSchema, now}));
  }
  process.stdout.write(`${JSON.stringify(reports, null, 1)}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(2);
});
