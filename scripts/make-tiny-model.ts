/**
 * Generates the tiny "static embedding" test model under tests/fixtures/models/tiny-ko-static/,
 * laid out the way transformers.js expects a model folder to look:
 *
 *   config.json               model_type `bert`, hidden_size, max_position_embeddings, ...
 *   tokenizer.json            WordPiece over [PAD]/[UNK]/[CLS]/[SEP]/[MASK], ASCII, Hangul jamo and all 11,172
 *                             Hangul syllables (each also as a `##` continuation); BertNormalizer with
 *                             lowercase and strip_accents=false (true would decompose Hangul into jamo)
 *   tokenizer_config.json     BertTokenizer, model_max_length
 *   onnx/model_quantized.onnx what transformers.js loads for dtype `q8`: Gather over an int8 embedding table,
 *                             then DequantizeLinear → last_hidden_state [batch, seq, dim]
 *
 * The table values come from a hash of each token's text, so the output is deterministic and the files
 * regenerate byte-identically (a test checks the committed fixture against a fresh run).
 *
 *   npx tsx scripts/make-tiny-model.ts [outRoot]      (default: tests/fixtures/models)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import onnxProto from 'onnx-proto';
import { mulberry32 } from './prng.js';

const { onnx } = onnxProto;

export const TINY_MODEL_NAME = 'tiny-ko-static';
export const TINY_MODEL_DIMENSIONS = 64;
export const TINY_MODEL_MAX_LENGTH = 128;

/** Dequantisation scale of the int8 table: values span about ±2.5. */
const SCALE = 0.02;
const SEED_TEXT = `${TINY_MODEL_NAME}|v1|`;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** The vocabulary in id order. */
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

function onnxModel(vocabSize: number, dim: number, table: Uint8Array): Uint8Array {
  const { DataType } = onnx.TensorProto;
  const dynamic = (name: string) => ({ dimParam: name });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'study-notes-bot scripts/make-tiny-model.ts',
    producerVersion: '1',
    docString: 'Tiny static-embedding test model: Gather over an int8 token table, then DequantizeLinear.',
    graph: {
      name: 'tiny_ko_static',
      node: [
        {
          name: 'embed_gather',
          opType: 'Gather',
          input: ['embeddings.word_embeddings.weight_quantized', 'input_ids'],
          output: ['token_embeddings_int8'],
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
        },
        {
          name: 'embed_dequantize',
          opType: 'DequantizeLinear',
          input: ['token_embeddings_int8', 'embeddings.scale', 'embeddings.zero_point'],
          output: ['last_hidden_state'],
        },
      ],
      initializer: [
        {
          name: 'embeddings.word_embeddings.weight_quantized',
          dataType: DataType.INT8,
          dims: [vocabSize, dim],
          rawData: table,
        },
        { name: 'embeddings.scale', dataType: DataType.FLOAT, dims: [], floatData: [SCALE] },
        { name: 'embeddings.zero_point', dataType: DataType.INT8, dims: [], int32Data: [0] },
      ],
      input: [
        {
          name: 'input_ids',
          type: { tensorType: { elemType: DataType.INT64, shape: { dim: [dynamic('batch_size'), dynamic('sequence_length')] } } },
        },
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

/** Writes the model into `<outRoot>/<name>/`; returns the written paths relative to that folder. */
export function generateTinyModel(outRoot: string, name: string = TINY_MODEL_NAME): string[] {
  const dim = TINY_MODEL_DIMENSIONS;
  const vocab = tinyVocabulary();
  const vocabMap: Record<string, number> = {};
  vocab.forEach((token, id) => {
    vocabMap[token] = id;
  });
  const idOf = (token: string): number => vocabMap[token] ?? -1;

  const config = {
    _name_or_path: name,
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dim,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: dim,
    max_position_embeddings: TINY_MODEL_MAX_LENGTH,
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
    model_max_length: TINY_MODEL_MAX_LENGTH,
    clean_up_tokenization_spaces: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };

  const dir = path.join(outRoot, name);
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const files: Array<[string, string | Uint8Array]> = [
    ['config.json', json(config)],
    ['tokenizer.json', json(tokenizer)],
    ['tokenizer_config.json', json(tokenizerConfig)],
    ['onnx/model_quantized.onnx', onnxModel(vocab.length, dim, embeddingTable(vocab, dim))],
  ];
  for (const [file, content] of files) writeFileSync(path.join(dir, file), content);
  return files.map(([file]) => file);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const outRoot = path.resolve(process.argv[2] ?? path.join(root, 'tests', 'fixtures', 'models'));
  const written = generateTinyModel(outRoot);
  process.stdout.write(`wrote ${written.length} files to ${path.join(outRoot, TINY_MODEL_NAME)}\n`);
}
