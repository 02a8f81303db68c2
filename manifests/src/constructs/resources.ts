import { Size } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { Cpu } from 'cdk8s-plus-28';
import { cpuMillis, memoryMebibytes } from '../config/quantity.js';
import type { Resources } from '../config/schema.js';

/** A canonical CPU quantity ("250m", "2") as cdk8s+ writes it back: millicores or whole cores. */
function cpu(quantity: string): Cpu {
  const millis = cpuMillis(quantity);
  return millis % 1000 === 0 ? Cpu.units(millis / 1000) : Cpu.millis(millis);
}

/** Requests and limits from config (validated as quantities cdk8s+ writes canonically). */
export function containerResources(resources: Resources): kplus.ContainerResources {
  return {
    cpu: { request: cpu(resources.requests.cpu), limit: cpu(resources.limits.cpu) },
    memory: {
      request: Size.mebibytes(memoryMebibytes(resources.requests.memory)),
      limit: Size.mebibytes(memoryMebibytes(resources.limits.memory)),
    },
  };
}
