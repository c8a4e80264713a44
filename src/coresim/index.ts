/** The core-banking simulator (`tellerline core-sim`). */
export { runCoreSim, startCoreSim, type CoreSimHandle, type CoreSimOptions } from './core-sim.js';
export { SimulatedCore, type SimulatedCoreOptions } from './simulated-core.js';
export { FaultController, type Faults } from './faults.js';
