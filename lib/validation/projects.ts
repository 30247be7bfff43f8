import { z } from "zod";

export const ZCreateProjectRequest = z.object({
  name: z.string().trim().min(1, "Give the project a name.").max(120, "A project name has at most 120 characters."),
  description: z.string().trim().max(2000, "A description has at most 2,000 characters.").default(""),
});
export type TCreateProjectRequest = z.infer<typeof ZCreateProjectRequest>;
