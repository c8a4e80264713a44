/**
 * What kind of failure a soak call met, without what makes each call's text unique (its calling
 * number, the prompts it heard last), so that like failures are counted together.
 */
export function failureKind(failure: string): string {
  return failure.replace(/139\d{8}/g, '<n>').replace(/(; )?heard .*/, '');
}
