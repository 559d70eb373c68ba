// Runs once when the Next server starts: a bad environment fails here, naming
// the variable, instead of on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { config } = await import("./lib/config");
    config();
  }
}
