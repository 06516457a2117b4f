// Test-vector files (NIST CAVP .rsp, Wycheproof JSON, project JSONL) run against the device.
export * from './types.ts';
export * from './hex.ts';
export { tokenizeRsp, looksLikeRsp, cavpFamily, parseCavp, seqNumberTweak, recordId, type RspFile, type RspRecord, type CavpFamily } from './cavp.ts';
export { isWycheproof, parseWycheproof, type WycheproofDoc } from './wycheproof.ts';
export { parseJsonl, caseFromJson, caseToJson, SERVICE_ALGOS } from './jsonl.ts';
export { detectFormat, parseVectors, loadVectorFile } from './load.ts';
export { COMBOS, STATELESS_ALL, selectCombos, comboName, type Combo, type VectorMode, type VectorLayout } from './combos.ts';
export { judge, type Verdict } from './judge.ts';
export { runVectors, type RunVectorsOptions, type VectorsReport, type FileReport, type CaseFailure, type UnsupportedCase, type BadFile } from './run.ts';
export { loadExecuteCase } from './execute-loader.ts';
