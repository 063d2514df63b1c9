/**
 * File SCO (STIX 2.1 §6.7) with its hashes. At least one of `hashes` or `name` is required.
 * The predefined extensions (ntfs-ext, raster-image-ext, pdf-ext, archive-ext,
 * windows-pebinary-ext; §6.7) are checked for their required properties.
 */
import { z } from 'zod';
import {
  HashesSchema,
  HexSchema,
  TimestampSchema,
  addIssue,
  list,
  scoCommonShape,
  stixId,
} from '../common.js';
import { checkPredefinedExtensions, defineStixSchemas } from '../define.js';

const count = z.number().int().min(0);

const nonEmpty = (value: Record<string, unknown>): boolean => Object.keys(value).length > 0;

const FILE_EXTENSIONS: Readonly<Record<string, z.ZodType>> = {
  'ntfs-ext': z
    .looseObject({
      sid: z.string().optional(),
      alternate_data_streams: list(
        z.looseObject({ name: z.string(), hashes: HashesSchema.optional(), size: count.optional() }),
      ).optional(),
    })
    .refine((v) => v.sid !== undefined || v.alternate_data_streams !== undefined, 'ntfs-ext needs sid or alternate_data_streams'),
  'raster-image-ext': z
    .looseObject({
      image_height: z.number().int().optional(),
      image_width: z.number().int().optional(),
      bits_per_pixel: z.number().int().optional(),
      exif_tags: z.record(z.string(), z.union([z.string(), z.number().int()])).optional(),
    })
    .refine(nonEmpty, 'raster-image-ext must not be empty'),
  'pdf-ext': z
    .looseObject({
      version: z.string().optional(),
      is_optimized: z.boolean().optional(),
      document_info_dict: z.record(z.string(), z.string()).optional(),
      pdfid0: z.string().optional(),
      pdfid1: z.string().optional(),
    })
    .refine(nonEmpty, 'pdf-ext must not be empty'),
  'archive-ext': z.looseObject({ contains_refs: list(stixId()), comment: z.string().optional() }),
  'windows-pebinary-ext': z.looseObject({
    pe_type: z.string(),
    imphash: z.string().optional(),
    machine_hex: HexSchema.optional(),
    number_of_sections: count.optional(),
    time_date_stamp: TimestampSchema.optional(),
    pointer_to_symbol_table_hex: HexSchema.optional(),
    number_of_symbols: count.optional(),
    size_of_optional_header: count.optional(),
    characteristics_hex: HexSchema.optional(),
    file_header_hashes: HashesSchema.optional(),
    optional_header: z.record(z.string(), z.unknown()).optional(),
    sections: list(
      z.looseObject({ name: z.string(), size: count.optional(), entropy: z.number().optional(), hashes: HashesSchema.optional() }),
    ).optional(),
  }),
};

const schemas = defineStixSchemas(
  {
    ...scoCommonShape('file'),
    hashes: HashesSchema.optional(),
    size: count.optional(),
    name: z.string().optional(),
    name_enc: z.string().optional(),
    magic_number_hex: HexSchema.optional(),
    mime_type: z.string().optional(),
    ctime: TimestampSchema.optional(),
    mtime: TimestampSchema.optional(),
    atime: TimestampSchema.optional(),
    parent_directory_ref: stixId('directory').optional(),
    contains_refs: list(stixId()).optional(),
    content_ref: stixId('artifact').optional(),
  },
  (value, ctx) => {
    if (value.hashes === undefined && value.name === undefined) addIssue(ctx, [], 'A file needs hashes or name');
    checkPredefinedExtensions(value.extensions, FILE_EXTENSIONS, ctx);
  },
);

/** File, strict: for objects Lagebild authors. */
export const FileSchema = schemas.strict;
/** File, lenient: for ingestion (keeps `x_` custom properties). */
export const FileLenientSchema = schemas.lenient;
/** Output type of `FileSchema`. */
export type File = z.infer<typeof FileSchema>;
