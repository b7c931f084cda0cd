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
`;
