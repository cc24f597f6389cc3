// How a message's line is named in words, as the app and the portal name it:
// "Line 10", "Line 10 / shipment 2", or nothing for the order itself.

export function messageLineLabel(concern: {
  itemUniqueName: string | null;
  itemSid: string | null;
  itemGroupUniqueName: string | null;
}): string | null {
  const item = concern.itemUniqueName ?? concern.itemSid;
  if (item === null) return null;
  // A shipment without a name of its own is named by its line: a sid means nothing to a reader.
  const group = concern.itemGroupUniqueName;
  if (group === null) return `Line ${item}`;
  return `Line ${item} / ${/^\d+$/.test(group) ? `shipment ${group}` : group}`;
}
