// What a case file holds, checked before anything reads it: a case made elsewhere is hostile input. A DuckDB file
// can store views, macros, sequences, types and indexes besides tables, and a stored macro named like a built-in
// (`lower`, `sha256`) replaces that built-in in every query on the case, integrity checks included. So a case holds
// Trailscope's own tables and nothing else, each column as schema.ts makes it.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../errors';
import { SCHEMA_DDL } from './schema';
import { queryRows } from './sql';

/** One stored object: what kind, where, and its definition as DuckDB reports it. */
interface StoredObject {
  kind: string;
  name: string;
  definition: string;
  /** A column's place in its table (inserts name no columns: the order is part of the schema). */
  position: number;
}

export interface CaseShape {
  /** Objects the case holds that this Trailscope's schema does not, or holds differently: described for a message. */
  unexpected: string[];
  /** Tables, columns and constraints of this Trailscope's schema that the case lacks (an older case may). */
  missing: string[];
}

// The catalog functions are named in full: a case's own table macro called `duckdb_tables` would answer otherwise.
// Each lists one kind of object a database file can store, in the database being checked only.
const CATALOG_SQL = `
SELECT 'schema' AS kind, schema_name AS name, '' AS definition, 0 AS position
  FROM system.main.duckdb_schemas() WHERE database_name = current_database()
UNION ALL SELECT 'table', schema_name || '.' || table_name, '', 0
  FROM system.main.duckdb_tables() WHERE database_name = current_database()
UNION ALL SELECT 'column', schema_name || '.' || table_name || '.' || column_name,
    data_type || (CASE WHEN is_nullable THEN '' ELSE ' NOT NULL' END) || coalesce(' DEFAULT ' || column_default, ''),
    column_index
  FROM system.main.duckdb_columns() WHERE database_name = current_database()
UNION ALL SELECT 'constraint', schema_name || '.' || table_name || ' ' || constraint_type || ' '
    || coalesce(expression, array_to_string(constraint_column_names, ', '))
    || coalesce(' REFERENCES ' || referenced_table, ''), '', 0
  FROM system.main.duckdb_constraints() WHERE database_name = current_database()
UNION ALL SELECT 'view', schema_name || '.' || view_name, coalesce(sql, ''), 0
  FROM system.main.duckdb_views() WHERE database_name = current_database()
UNION ALL SELECT function_type, schema_name || '.' || function_name, coalesce(macro_definition, ''), 0
  FROM system.main.duckdb_functions() WHERE database_name = current_database()
UNION ALL SELECT 'sequence', schema_name || '.' || sequence_name, '', 0
  FROM system.main.duckdb_sequences() WHERE database_name = current_database()
UNION ALL SELECT 'type', schema_name || '.' || type_name, '', 0
  FROM system.main.duckdb_types() WHERE database_name = current_database()
UNION ALL SELECT 'index', schema_name || '.' || index_name, coalesce(sql, ''), 0
  FROM system.main.duckdb_indexes() WHERE database_name = current_database()`;

async function storedObjects(connection: DuckDBConnection): Promise<Map<string, StoredObject>> {
  const rows = await queryRows(connection, CATALOG_SQL);
  const objects = new Map<string, StoredObject>();
  for (const row of rows) {
    const object = {
      kind: String(row['kind']),
      name: String(row['name']),
      definition: String(row['definition']),
      position: Number(row['position']),
    };
    // A macro with several overloads lists once per overload; its name is what matters.
    objects.set(`${object.kind} ${object.name}`, object);
  }
  return objects;
}

let expected: Promise<Map<string, StoredObject>> | undefined;

/** This Trailscope's own schema, as DuckDB reports it: SCHEMA_DDL run once in memory, so there is one definition. */
function expectedObjects(): Promise<Map<string, StoredObject>> {
  expected ??= (async () => {
    const instance = await DuckDBInstance.create(':memory:', {
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const connection = await instance.connect();
    try {
      await connection.run(SCHEMA_DDL);
      return await storedObjects(connection);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  })();
  return expected;
}

/** The table a column or constraint belongs to (`main.events`); null for any other object. */
function tableOf(object: StoredObject): string | null {
  if (object.kind === 'column') return object.name.split('.').slice(0, 2).join('.');
  if (object.kind === 'constraint') return object.name.split(' ')[0] ?? null;
  return null;
}

/** A view's columns, or a table's that one side lacks altogether: naming the view or table says it all. */
function partOfTableNotIn(objects: Map<string, StoredObject>, object: StoredObject): boolean {
  const table = tableOf(object);
  return table !== null && !objects.has(`table ${table}`);
}

/** `table events`, `column events.ip`, `table macro duckdb_tables`: the schema is left out when it is main. */
function describe(kind: string, name: string): string {
  return `${kind.replace('_', ' ')} ${name.startsWith('main.') ? name.slice('main.'.length) : name}`;
}

const describeObject = (object: StoredObject) => describe(object.kind, object.name);

/** Column names of each table, in their order. */
function columnOrder(objects: Map<string, StoredObject>): Map<string, string[]> {
  const columns = [...objects.values()].filter((o) => o.kind === 'column').sort((a, b) => a.position - b.position);
  const order = new Map<string, string[]>();
  for (const column of columns) {
    const table = tableOf(column) ?? '';
    order.set(table, [...(order.get(table) ?? []), column.name]);
  }
  return order;
}

/**
 * Compares what the open case stores with this Trailscope's schema. Migrations only add (schema.ts), so an older
 * case may lack tables, columns or constraints; it may never hold one this Trailscope does not make, or hold one
 * differently.
 */
export async function inspectCaseShape(connection: DuckDBConnection): Promise<CaseShape> {
  const [actual, reference] = await Promise.all([storedObjects(connection), expectedObjects()]);
  const compared = (object: StoredObject) => !partOfTableNotIn(actual, object) && !partOfTableNotIn(reference, object);
  const unexpected: string[] = [];
  for (const [key, object] of actual) {
    const known = reference.get(key);
    if (known?.definition === object.definition || !compared(object)) continue;
    unexpected.push(
      known ? `${describeObject(object)} as ${object.definition}, not ${known.definition}` : describeObject(object),
    );
  }
  const expectedOrder = columnOrder(reference);
  for (const [table, names] of columnOrder(actual)) {
    const shared = (expectedOrder.get(table) ?? []).filter((name) => names.includes(name));
    const mine = names.filter((name) => shared.includes(name));
    if (mine.join() !== shared.join() && reference.has(`table ${table}`) && actual.has(`table ${table}`))
      unexpected.push(`the columns of ${describe('table', table)} in another order`);
  }
  const missing = [...reference]
    .filter(([key, object]) => !actual.has(key) && compared(object))
    .map(([, object]) => describeObject(object));
  return { unexpected, missing };
}

/** Refuses a case that holds anything this Trailscope does not make, and (when `complete`) one that lacks a part. */
export function assertCaseShape(shape: CaseShape, path: string, complete: boolean): void {
  // Every Trailscope case has had this table since the first version.
  if (shape.missing.includes('table meta'))
    throw new AppError('CASE_INVALID', `${path} is a DuckDB file but not a Trailscope case (no meta table).`);
  const problems = [
    ...shape.unexpected.map((what) => `it holds ${what}`),
    ...(complete ? shape.missing.map((what) => `it lacks ${what}`) : []),
  ];
  if (problems.length === 0) return;
  const shown = problems.length > 6 ? [...problems.slice(0, 6), `and ${problems.length - 6} more`] : problems;
  throw new AppError(
    'CASE_INVALID',
    `${path} is not a case as Trailscope makes them, so it is not opened: ${shown.join('; ')}.`,
  );
}
