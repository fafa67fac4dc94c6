/**
 * Generates transformers.js model folders with random (deterministic) weights, laid out the way the library
 * expects a model folder to look, in one of two shapes:
 *
 * - `TINY_SHAPE` (tests/fixtures/models/tiny-ko-static, committed): a "static embedding" model, no encoder
 *   layers: Gather over an int8 token table, then DequantizeLinear → last_hidden_state. Small and fast, so the
 *   tests exercise the real transformers.js path.
 * - `E5_SMALL_SHAPE` (made by `npm run bench` under data/bench/, never committed): multilingual-e5-small's exact
 *   shape — 12 post-LayerNorm BERT encoder layers, hidden 384, 12 heads, intermediate 1536, 512 positions, a
 *   vocabulary of 250,037 — quantized the way `q8` files are (ONNX Runtime's dynamic quantization:
 *   DynamicQuantizeLinear on the activations, MatMulInteger with int8 weights, the token table int8 with
 *   DequantizeLinear). Its answers are meaningless; its cost (time, memory) is the real model's.
 *
 * Files:
 *   config.json               model_type `bert`, hidden_size, layers, heads, max_position_embeddings, ...
 *   tokenizer.json            WordPiece over [PAD]/[UNK]/[CLS]/[SEP]/[MASK], ASCII, Hangul jamo and all 11,172
 *                             Hangul syllables (each also as a `##` continuation), then any extra pieces given
 *                             (frequent syllable pairs and Latin words, so a chunk makes about as many tokens
 *                             as XLM-R's tokenizer makes of it), then `[unusedN]` up to the vocabulary size;
 *                             BertNormalizer with lowercase and strip_accents=false (true would decompose
 *                             Hangul into jamo)
 *   tokenizer_config.json     BertTokenizer, model_max_length
 *   onnx/model_quantized.onnx what transformers.js loads for dtype `q8`
 *
 * Token table rows come from a hash of each token's text and encoder weights from one seeded stream, so the
 * files regenerate byte-identically (a test checks the committed fixture against a fresh run).
 *
 *   npx tsx scripts/make-model.ts [outRoot]      (the tiny fixture; default outRoot tests/fixtures/models)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import onnxProto from 'onnx-proto';
import { mulberry32 } from './prng.js';

const { onnx } = onnxProto;

export interface ModelShape {
  name: string;
  /** Encoder layers; 0 makes the static-embedding model. */
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  /** Tokenizer vocabulary and token table rows; undefined: exactly the base vocabulary. */
  vocabSize?: number;
  maxLength: number;
}

export const TINY_SHAPE: ModelShape = { name: 'tiny-ko-static', layers: 0, hidden: 64, heads: 1, intermediate: 64, maxLength: 128 };
/** intfloat/multilingual-e5-small's config.json (an XLM-R vocabulary on a 12-layer MiniLM-sized encoder). */
export const E5_SMALL_SHAPE: ModelShape = { name: 'e5-small-shaped', layers: 12, hidden: 384, heads: 12, intermediate: 1536, vocabSize: 250_037, maxLength: 512 };

export const TINY_MODEL_NAME = TINY_SHAPE.name;
export const TINY_MODEL_DIMENSIONS = TINY_SHAPE.hidden;
export const TINY_MODEL_MAX_LENGTH = TINY_SHAPE.maxLength;

/** Dequantisation scale of the int8 table: values span about ±2.5. */
const SCALE = 0.02;
/** Seeds the token table (and the encoder weights); changing it changes the committed fixture. */
const SEED_TEXT = 'tiny-ko-static|v1|';

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** The base vocabulary in id order: every shape starts with it. */
export function tinyVocabulary(): string[] {
  const vocab: string[] = [...SPECIAL_TOKENS];
  const range = (from: number, to: number): string[] => {
    const out: string[] = [];
    for (let cp = from; cp <= to; cp++) out.push(String.fromCodePoint(cp));
    return out;
  };
  // ASCII punctuation (BertPreTokenizer always splits it off, so no continuation forms are needed).
  const punctuation = [...range(0x21, 0x2f), ...range(0x3a, 0x40), ...range(0x5b, 0x60), ...range(0x7b, 0x7e)];
  const digits = range(0x30, 0x39);
  const letters = range(0x61, 0x7a); // the normalizer lowercases
  const jamo = range(0x3131, 0x3163); // Hangul compatibility jamo ㄱ..ㅣ (ㅋㅋ, ㅠㅠ)
  const syllables = range(0xac00, 0xd7a3); // all 11,172 precomposed Hangul syllables
  vocab.push(...punctuation);
  for (const group of [digits, letters, jamo, syllables]) {
    vocab.push(...group);
    vocab.push(...group.map((c) => `##${c}`));
  }
  return vocab;
}

/** FNV-1a over UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** int8 table [vocab, dim]: each row from a PRNG seeded by the token's text (roughly Gaussian, σ ≈ 0.8). */
function embeddingTable(vocab: string[], dim: number): Uint8Array {
  const table = new Int8Array(vocab.length * dim);
  vocab.forEach((token, row) => {
    const next = mulberry32(fnv1a(SEED_TEXT + token));
    for (let j = 0; j < dim; j++) {
      const gaussianish = next() + next() + next() - 1.5; // Irwin–Hall, σ = 0.5
      const q = Math.round((gaussianish * 1.6) / SCALE);
      table[row * dim + j] = Math.max(-127, Math.min(127, q));
    }
  });
  return new Uint8Array(table.buffer);
}

const { DataType } = onnx.TensorProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;

/** A graph under construction: nodes and initializers in the order they are added. */
class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private counter = 0;

  /** Adds one node; returns its output names (fresh ones unless given). */
  op(opType: string, input: string[], options: { outputs?: number | string[]; attribute?: onnxProto.onnx.IAttributeProto[] } = {}): string[] {
    const outputs = Array.isArray(options.outputs) ? options.outputs : Array.from({ length: options.outputs ?? 1 }, () => `t${this.counter++}`);
    this.nodes.push({ name: `${opType.toLowerCase()}_${this.nodes.length}`, opType, input, output: outputs, ...(options.attribute ? { attribute: options.attribute } : {}) });
    return outputs;
  }

  one(opType: string, input: string[], attribute?: onnxProto.onnx.IAttributeProto[]): string {
    return this.op(opType, input, attribute ? { attribute } : {})[0]!;
  }

  tensor(name: string, dataType: number, dims: number[], data: { raw: Uint8Array } | { floats: number[] } | { ints: number[] } | { int64s: number[] }): string {
    const t: TensorProto = { name, dataType, dims };
    if ('raw' in data) t.rawData = data.raw;
    else if ('floats' in data) t.floatData = data.floats;
    else if ('ints' in data) t.int32Data = data.ints;
    else t.int64Data = data.int64s;
    this.initializers.push(t);
    return name;
  }

  floats(name: string, dims: number[], value: number): string {
    const count = dims.reduce((a, b) => a * b, 1);
    return this.tensor(name, DataType.FLOAT, dims, { raw: new Uint8Array(new Float32Array(count).fill(value).buffer) });
  }
}

const intAttribute = (name: string, i: number) => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });
const intsAttribute = (name: string, ints: number[]) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints });

/** Random int8 weights, uniform over ±127, from one stream (4 bytes per draw). */
function randomInt8(count: number, next: () => number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i += 4) {
    const word = Math.floor(next() * 4294967296);
    for (let b = 0; b < 4 && i + b < count; b++) out[i + b] = Math.max(1, (word >>> (8 * b)) & 0xff); // 0x80 (-128) lifted to -127
  }
  return out;
}

/** Weight σ of BERT's initialiser (0.02), as an int8 scale for values uniform over ±127 (σ ≈ 73). */
const WEIGHT_SCALE = 0.02 / 73;

/**
 * `x · W + b` as ONNX Runtime's dynamic quantization writes it: DynamicQuantizeLinear(x) → MatMulInteger with the
 * int8 weight → Cast → Mul by both scales → Add bias (ONNX Runtime fuses this into DynamicQuantizeMatMul).
 */
function quantizedLinear(g: GraphBuilder, x: string, name: string, inputs: number, outputs: number, next: () => number): string {
  const [xq, xScale, xZero] = g.op('DynamicQuantizeLinear', [x], { outputs: 3 }) as [string, string, string];
  const weight = g.tensor(`${name}.weight_quantized`, DataType.INT8, [inputs, outputs], { raw: randomInt8(inputs * outputs, next) });
  const weightScale = g.tensor(`${name}.weight_scale`, DataType.FLOAT, [], { floats: [WEIGHT_SCALE] });
  const weightZero = g.tensor(`${name}.weight_zero_point`, DataType.INT8, [], { ints: [0] });
  const product = g.one('MatMulInteger', [xq, weight, xZero, weightZero]);
  const asFloat = g.one('Cast', [product], [intAttribute('to', DataType.FLOAT)]);
  const scaled = g.one('Mul', [asFloat, g.one('Mul', [xScale, weightScale])]);
  return g.one('Add', [scaled, g.floats(`${name}.bias`, [outputs], 0)]);
}

function layerNorm(g: GraphBuilder, x: string, name: string, hidden: number): string {
  return g.one('LayerNormalization', [x, g.floats(`${name}.weight`, [hidden], 1), g.floats(`${name}.bias`, [hidden], 0)], [
    intAttribute('axis', -1),
    { name: 'epsilon', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1e-12 },
  ]);
}

/** One post-LayerNorm BERT layer: self-attention with the padding mask, then the GELU feed-forward. */
function encoderLayer(g: GraphBuilder, x: string, maskBias: string, layer: number, shape: ModelShape, next: () => number): string {
  const { hidden, heads, intermediate } = shape;
  const headDim = hidden / heads;
  const prefix = `encoder.layer.${layer}`;
  const split = g.tensor(`${prefix}.heads_shape`, DataType.INT64, [4], { int64s: [0, 0, heads, headDim] });
  const merged = g.tensor(`${prefix}.merged_shape`, DataType.INT64, [3], { int64s: [0, 0, hidden] });
  const toHeads = (name: string, perm: number[]) =>
    g.one('Transpose', [g.one('Reshape', [quantizedLinear(g, x, `${prefix}.attention.${name}`, hidden, hidden, next), split])], [intsAttribute('perm', perm)]);
  const query = toHeads('query', [0, 2, 1, 3]);
  const key = toHeads('key', [0, 2, 3, 1]);
  const value = toHeads('value', [0, 2, 1, 3]);
  const scores = g.one('Mul', [g.one('MatMul', [query, key]), g.floats(`${prefix}.attention.scale`, [], 1 / Math.sqrt(headDim))]);
  const weights = g.one('Softmax', [g.one('Add', [scores, maskBias])], [intAttribute('axis', -1)]);
  const context = g.one('Reshape', [g.one('Transpose', [g.one('MatMul', [weights, value])], [intsAttribute('perm', [0, 2, 1, 3])]), merged]);
  const attended = quantizedLinear(g, context, `${prefix}.attention.output`, hidden, hidden, next);
  const afterAttention = layerNorm(g, g.one('Add', [attended, x]), `${prefix}.attention.LayerNorm`, hidden);
  // GELU as exported from PyTorch: 0.5 · h · (1 + erf(h / √2)).
  const h = quantizedLinear(g, afterAttention, `${prefix}.intermediate`, hidden, intermediate, next);
  const erf = g.one('Erf', [g.one('Div', [h, g.floats(`${prefix}.sqrt2`, [], Math.SQRT2)])]);
  const gelu = g.one('Mul', [g.one('Mul', [h, g.one('Add', [erf, g.floats(`${prefix}.one`, [], 1)])]), g.floats(`${prefix}.half`, [], 0.5)]);
  const out = quantizedLinear(g, gelu, `${prefix}.output`, intermediate, hidden, next);
  return layerNorm(g, g.one('Add', [out, afterAttention]), `${prefix}.output.LayerNorm`, hidden);
}

/**
 * The encoder after the token lookup: position embeddings, LayerNorm, the additive padding mask
 * (0 for tokens, -10000 for padding, broadcast over heads and query positions), then the layers.
 */
function encoder(g: GraphBuilder, tokens: string, shape: ModelShape, next: () => number): string {
  const { hidden, maxLength } = shape;
  const positionTable = g.tensor('embeddings.position_embeddings.weight', DataType.FLOAT, [maxLength, hidden], {
    raw: new Uint8Array(Float32Array.from(randomInt8(maxLength * hidden, next), (b) => ((b << 24) >> 24) * WEIGHT_SCALE).buffer),
  });
  const sequenceLength = g.one('Gather', [g.one('Shape', ['input_ids']), g.tensor('dim_1', DataType.INT64, [], { int64s: [1] })], [intAttribute('axis', 0)]);
  const positions = g.one('Range', [g.tensor('zero_i64', DataType.INT64, [], { int64s: [0] }), sequenceLength, g.tensor('one_i64', DataType.INT64, [], { int64s: [1] })]);
  const embedded = g.one('Add', [tokens, g.one('Gather', [positionTable, positions], [intAttribute('axis', 0)])]);
  let x = layerNorm(g, embedded, 'embeddings.LayerNorm', hidden);
  const mask = g.one('Cast', ['attention_mask'], [intAttribute('to', DataType.FLOAT)]);
  const padding = g.one('Mul', [g.one('Sub', [g.floats('mask_one', [], 1), mask]), g.floats('mask_penalty', [], -10000)]);
  const maskBias = g.one('Unsqueeze', [padding, g.tensor('mask_axes', DataType.INT64, [2], { int64s: [1, 2] })]);
  for (let layer = 0; layer < shape.layers; layer++) x = encoderLayer(g, x, maskBias, layer, shape, next);
  return x;
}

function onnxModel(shape: ModelShape, vocabSize: number, table: Uint8Array): Uint8Array {
  const dim = shape.hidden;
  const dynamic = (name: string) => ({ dimParam: name });
  const g = new GraphBuilder();
  const tableName = g.tensor('embeddings.word_embeddings.weight_quantized', DataType.INT8, [vocabSize, dim], { raw: table });
  const scale = g.tensor('embeddings.scale', DataType.FLOAT, [], { floats: [SCALE] });
  const zeroPoint = g.tensor('embeddings.zero_point', DataType.INT8, [], { ints: [0] });
  const staticOnly = shape.layers === 0;
  const tokenNames = staticOnly ? ['token_embeddings_int8', 'last_hidden_state'] : ['token_embeddings_int8', 'token_embeddings'];
  g.nodes.push(
    { name: 'embed_gather', opType: 'Gather', input: [tableName, 'input_ids'], output: [tokenNames[0]!], attribute: [intAttribute('axis', 0)] },
    { name: 'embed_dequantize', opType: 'DequantizeLinear', input: [tokenNames[0]!, scale, zeroPoint], output: [tokenNames[1]!] },
  );
  if (!staticOnly) {
    const next = mulberry32(fnv1a(`${SEED_TEXT}${shape.name}|encoder`));
    const out = encoder(g, tokenNames[1]!, shape, next);
    g.op('Identity', [out], { outputs: ['last_hidden_state'] });
  }
  const idsType = { tensorType: { elemType: DataType.INT64, shape: { dim: [dynamic('batch_size'), dynamic('sequence_length')] } } };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: staticOnly ? 13 : 17 }],
    producerName: 'study-notes-bot scripts/make-model.ts',
    producerVersion: '1',
    docString: staticOnly
      ? 'Tiny static-embedding test model: Gather over an int8 token table, then DequantizeLinear.'
      : `Random-weight ${shape.layers}-layer BERT encoder (hidden ${dim}, ${shape.heads} heads, intermediate ${shape.intermediate}), dynamically quantized: for measuring cost only.`,
    graph: {
      name: shape.name.replace(/-/g, '_'),
      node: g.nodes,
      initializer: g.initializers,
      input: [
        { name: 'input_ids', type: idsType },
        ...(staticOnly ? [] : [{ name: 'attention_mask', type: idsType }]),
      ],
      output: [
        {
          name: 'last_hidden_state',
          type: {
            tensorType: {
              elemType: DataType.FLOAT,
              shape: { dim: [dynamic('batch_size'), dynamic('sequence_length'), { dimValue: dim }] },
            },
          },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The vocabulary of a shape: the base, then `extraPieces` (each as a word start and a `##` continuation), then
 * `[unusedN]` placeholders up to `shape.vocabSize` (they cost table rows and tokenizer memory like real pieces).
 */
export function modelVocabulary(shape: ModelShape, extraPieces: readonly string[] = []): string[] {
  const vocab = tinyVocabulary();
  const known = new Set(vocab);
  const limit = shape.vocabSize ?? vocab.length;
  for (const piece of extraPieces) {
    for (const token of [piece, `##${piece}`]) {
      if (vocab.length >= limit) break;
      if (known.has(token)) continue;
      known.add(token);
      vocab.push(token);
    }
  }
  for (let n = 0; vocab.length < limit; n++) vocab.push(`[unused${n}]`);
  return vocab;
}

/**
 * Pieces that make a generated tokenizer split like XLM-R's: the most frequent Hangul syllable pairs and Latin
 * words of `texts` (XLM-R's pieces average 1–2 Hangul syllables and keep common English words whole).
 */
export function frequentPieces(texts: Iterable<string>, counts: { hangulPairs: number; latinWords: number }): string[] {
  const pairs = new Map<string, number>();
  const words = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const text of texts) {
    for (const run of text.toLowerCase().match(/[가-힣]{2,}/g) ?? []) for (let i = 0; i + 2 <= run.length; i += 2) bump(pairs, run.slice(i, i + 2));
    for (const word of text.toLowerCase().match(/[a-z]{2,}/g) ?? []) bump(words, word);
  }
  const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([k]) => k);
  return [...top(pairs, counts.hangulPairs), ...top(words, counts.latinWords)];
}

/** Writes the model of `shape` into `<outRoot>/<shape.name>/`; returns the written paths relative to that folder. */
export function generateModel(outRoot: string, shape: ModelShape, extraPieces: readonly string[] = []): string[] {
  const dim = shape.hidden;
  const vocab = modelVocabulary(shape, extraPieces);
  const vocabMap: Record<string, number> = {};
  vocab.forEach((token, id) => {
    vocabMap[token] = id;
  });
  const idOf = (token: string): number => vocabMap[token] ?? -1;

  const config = {
    _name_or_path: shape.name,
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dim,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    max_position_embeddings: shape.maxLength,
    type_vocab_size: 1,
    vocab_size: vocab.length,
    pad_token_id: idOf('[PAD]'),
    torch_dtype: 'float32',
  };
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: false,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'BertProcessing',
      sep: ['[SEP]', idOf('[SEP]')],
      cls: ['[CLS]', idOf('[CLS]')],
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: vocabMap,
    },
  };

  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    strip_accents: false,
    tokenize_chinese_chars: true,
    model_max_length: shape.maxLength,
    clean_up_tokenization_spaces: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };

  const dir = path.join(outRoot, shape.name);
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const files: Array<[string, string | Uint8Array]> = [
    ['config.json', json(config)],
    ['tokenizer.json', json(tokenizer)],
    ['tokenizer_config.json', json(tokenizerConfig)],
    ['onnx/model_quantized.onnx', onnxModel(shape, vocab.length, embeddingTable(vocab, dim))],
  ];
  for (const [file, content] of files) writeFileSync(path.join(dir, file), content);
  return files.map(([file]) => file);
}

/** The committed test fixture (`TINY_SHAPE`), optionally under another folder name. */
export function generateTinyModel(outRoot: string, name: string = TINY_MODEL_NAME): string[] {
  return generateModel(outRoot, { ...TINY_SHAPE, name });
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const outRoot = path.resolve(process.argv[2] ?? path.join(root, 'tests', 'fixtures', 'models'));
  const written = generateTinyModel(outRoot);
  process.stdout.write(`wrote ${written.length} files to ${path.join(outRoot, TINY_MODEL_NAME)}\n`);
}
