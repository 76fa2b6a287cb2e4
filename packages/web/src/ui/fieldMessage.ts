// Server field messages may be fragments naming no subject ("is required", "must be an email
// address"); those read as a sentence with the field's label in front. Whole sentences pass as
// they are.
export function fieldMessage(label: string, message: string): string {
  return /^(is|must|should|has|cannot|can't|does|already)\b/.test(message)
    ? `${label} ${message}`
    : message;
}
