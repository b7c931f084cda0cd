// SQL helpers every format mapping uses, created as TEMP macros on each connection (never stored in the case file,
// so changing one needs no migration). All are total: bad input gives NULL, never an error that would stop a batch.

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `${OCTET}(\\.${OCTET}){3}`;
const H = '[0-9a-fA-F]{1,4}';
const IPV6 = [
  `(${H}:){7}${H}`,
  `(${H}:){1,7}:`,
  `(${H}:){1,6}:${H}`,
  `(${H}:){1,5}(:${H}){1,2}`,
  `(${H}:){1,4}(:${H}){1,3}`,
  `(${H}:){1,3}(:${H}){1,4}`,
  `(${H}:){1,2}(:${H}){1,5}`,
  `${H}:(:${H}){1,6}`,
  `:((:${H}){1,7}|:)`,
  `(${H}:){6}${IPV4}`,
  `(${H}:){1,5}:${IPV4}`,
  `::(ffff(:0{1,4})?:)?${IPV4}`,
  `(${H}:){1,4}:${IPV4}`,
].join('|');
// A scoped address (RFC 4007) carries its zone after '%', as in fe80::1%eth0.
const IPV6_SCOPED = `(${IPV6})(%[0-9A-Za-z._~-]+)?`;

export const SQL_MACROS = `
CREATE OR REPLACE TEMP MACRO nz(v) AS NULLIF(v, '');
CREATE OR REPLACE TEMP MACRO ip_or_null(v) AS CASE WHEN regexp_full_match(v, '${IPV4}') OR regexp_full_match(v, '${IPV6_SCOPED}') THEN v END;
CREATE OR REPLACE TEMP MACRO finite_ts(t) AS CASE WHEN isfinite(t) THEN t END;
CREATE OR REPLACE TEMP MACRO ts_from_ms(v) AS finite_ts(try(make_timestamptz(floor(try_cast(v AS DECIMAL(38, 9)) * 1000)::BIGINT)));
CREATE OR REPLACE TEMP MACRO ts_from_s(v) AS finite_ts(try(make_timestamptz(floor(try_cast(v AS DECIMAL(38, 9)) * 1000000)::BIGINT)));
CREATE OR REPLACE TEMP MACRO ts_iso(v) AS finite_ts(try_cast(v AS TIMESTAMPTZ));
-- ISO-8601 always has a '-' after the year; an epoch number has none, or only a leading sign.
CREATE OR REPLACE TEMP MACRO is_iso_text(v) AS strpos(v, '-') > 1;
-- ISO-8601 text, or an epoch number: milliseconds when >= 10^11, else seconds (FORMATS.md, generic).
CREATE OR REPLACE TEMP MACRO ts_auto(v) AS CASE WHEN is_iso_text(v) THEN ts_iso(v)
  WHEN abs(try_cast(v AS DECIMAL(38, 9))) >= 100000000000 THEN ts_from_ms(v) ELSE ts_from_s(v) END;
CREATE OR REPLACE TEMP MACRO ts_ms_or_iso(v) AS CASE WHEN is_iso_text(v) THEN ts_iso(v) ELSE ts_from_ms(v) END;
-- For Sigma's cidr modifier (store/sigma/cidr.ts): an IPv4 address as a number, an IPv6 one as 32 hex digits
-- (text order is numeric order); NULL for anything else. IPv6 with an embedded IPv4 tail gives NULL.
CREATE OR REPLACE TEMP MACRO ip4_num(v) AS CASE WHEN regexp_full_match(v, '${IPV4}') THEN
  split_part(v, '.', 1)::BIGINT * 16777216 + split_part(v, '.', 2)::BIGINT * 65536
  + split_part(v, '.', 3)::BIGINT * 256 + split_part(v, '.', 4)::BIGINT END;
CREATE OR REPLACE TEMP MACRO ip6_side(s) AS CASE WHEN s = '' THEN []::VARCHAR[] ELSE string_split(s, ':') END;
CREATE OR REPLACE TEMP MACRO ip6_join(lg, rg) AS array_to_string(list_transform(
  lg || list_transform(range(8 - len(lg) - len(rg)), lambda x: '0') || rg, lambda g: lpad(lower(g), 4, '0')), '');
CREATE OR REPLACE TEMP MACRO ip6_hex_of(a) AS CASE WHEN NOT contains(a, '::') THEN ip6_join(ip6_side(a), []::VARCHAR[])
  ELSE ip6_join(ip6_side(split_part(a, '::', 1)), ip6_side(split_part(a, '::', 2))) END;
CREATE OR REPLACE TEMP MACRO ip6_hex(v) AS CASE WHEN contains(v, ':') AND NOT contains(v, '.')
  AND regexp_full_match(v, '${IPV6_SCOPED}') THEN ip6_hex_of(split_part(v, '%', 1)) END;
`;
