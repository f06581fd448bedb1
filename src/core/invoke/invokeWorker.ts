// Placeholder: the local runtime's worker entry (issue 4).
export {};
