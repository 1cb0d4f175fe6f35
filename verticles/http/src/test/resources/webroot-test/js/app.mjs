export const fixture = "module";
