/**
 * Network Traffic SCO (STIX 2.1 §6.12). Required: `protocols` and at least one of src_ref or
 * dst_ref. Ports are 0..65535; `end` MUST NOT precede `start` and MUST be absent while
 * `is_active` is true. Predefined extensions (http-request-ext, icmp-ext, socket-ext, tcp-ext;
 * §6.12) are checked for their required properties.
 */
import { z } from 'zod';
import { HexSchema, TimestampSchema, addIssue, checkOrder, list, scoCommonShape, stixId } from '../common.js';
import { checkPredefinedExtensions, defineStixSchemas } from '../define.js';

const port = z.number().int().min(0).max(65_535);
const count = z.number().int().min(0);
const endpoint = stixId('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name');

const NETWORK_TRAFFIC_EXTENSIONS: Readonly<Record<string, z.ZodType>> = {
  'http-request-ext': z.looseObject({
    request_method: z.string(),
    request_value: z.string(),
    request_version: z.string().optional(),
    request_header: z.record(z.string(), z.array(z.string())).optional(),
    message_body_length: count.optional(),
    message_body_data_ref: stixId('artifact').optional(),
  }),
  'icmp-ext': z.looseObject({ icmp_type_hex: HexSchema, icmp_code_hex: HexSchema }),
  'socket-ext': z.looseObject({
    address_family: z.string(),
    is_blocking: z.boolean().optional(),
    is_listening: z.boolean().optional(),
    options: z.record(z.string(), z.number().int()).optional(),
    socket_type: z.string().optional(),
    socket_descriptor: count.optional(),
    socket_handle: z.number().int().optional(),
  }),
  'tcp-ext': z
    .looseObject({ src_flags_hex: HexSchema.optional(), dst_flags_hex: HexSchema.optional() })
    .refine((v) => v.src_flags_hex !== undefined || v.dst_flags_hex !== undefined, 'tcp-ext needs src_flags_hex or dst_flags_hex'),
};

const schemas = defineStixSchemas(
  {
    ...scoCommonShape('network-traffic'),
    start: TimestampSchema.optional(),
    end: TimestampSchema.optional(),
    is_active: z.boolean().optional(),
    src_ref: endpoint.optional(),
    dst_ref: endpoint.optional(),
    src_port: port.optional(),
    dst_port: port.optional(),
    protocols: list(z.string()),
    src_byte_count: count.optional(),
    dst_byte_count: count.optional(),
    src_packets: count.optional(),
    dst_packets: count.optional(),
    ipfix: z.record(z.string(), z.union([z.string(), z.number().int()])).optional(),
    src_payload_ref: stixId('artifact').optional(),
    dst_payload_ref: stixId('artifact').optional(),
    encapsulates_refs: list(stixId('network-traffic')).optional(),
    encapsulated_by_ref: stixId('network-traffic').optional(),
  },
  (value, ctx) => {
    if (value.src_ref === undefined && value.dst_ref === undefined) addIssue(ctx, [], 'network-traffic needs src_ref or dst_ref');
    if (value.is_active === true && value.end !== undefined) addIssue(ctx, ['end'], 'end must be absent while is_active is true');
    checkOrder(value, ctx, 'start', 'end');
    checkPredefinedExtensions(value.extensions, NETWORK_TRAFFIC_EXTENSIONS, ctx);
  },
);

/** Network Traffic, strict: for objects Lagebild authors. */
export const NetworkTrafficSchema = schemas.strict;
/** Network Traffic, lenient: for ingestion (keeps `x_` custom properties). */
export const NetworkTrafficLenientSchema = schemas.lenient;
/** Output type of `NetworkTrafficSchema`. */
export type NetworkTraffic = z.infer<typeof NetworkTrafficSchema>;
