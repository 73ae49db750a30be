export const CHROMIUM_EXECUTABLE: string;
export const CHROMIUM_ARGS: string[];
