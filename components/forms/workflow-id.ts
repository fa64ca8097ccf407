/** A workflowId that is unique enough to start with: `<type>-<yyyymmdd-hhmmss>-<random>`. */
export function generateWorkflowId(typeName: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  const random = Math.random().toString(36).slice(2, 7);
  const base =
    typeName.replace(/[:/|\u0000-\u001f\u007f-\u009f\s]+/g, "-").slice(0, 200) || "workflow";
  return `${base}-${stamp}-${random}`;
}
