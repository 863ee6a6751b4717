/** `property.prop`, or `prop` alone when a building block checks its own props (property ''). */
export const at = (property: string, prop: string): string => (property === '' ? prop : `${property}.${prop}`);
