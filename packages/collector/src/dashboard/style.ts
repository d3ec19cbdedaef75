/** The dashboard's stylesheet, inlined in the page (the collector serves no other file). */
export const DASHBOARD_CSS = `
  body { font: 14px/1.45 system-ui, sans-serif; color: #1a1a1a; margin: 0 auto; padding: 1.2rem 1.5rem 3rem; max-width: 1100px; background: #f6f7f9; }
  header { display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
  header h1 { font-size: 1.4rem; margin: 0; }
  header nav { margin-left: auto; display: flex; gap: 1rem; align-items: baseline; }
  header nav form { margin: 0; }
  .muted, small { color: #666; }
  a { color: #1f5fbf; }
  button.link { background: none; border: 0; color: #1f5fbf; text-decoration: underline; cursor: pointer; font: inherit; padding: 0; }
  section { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px #0001; padding: .8rem 1rem 1rem; margin: 1rem 0; }
  h2 { font-size: 1.05rem; margin: 0 0 .6rem; }
  .filters { display: flex; gap: .8rem; flex-wrap: wrap; align-items: end; margin: 1rem 0; }
  .filters label { display: flex; flex-direction: column; font-size: .85rem; color: #444; gap: .2rem; }
  .filters input, .filters select, .filters button { font: inherit; padding: .3rem .4rem; border: 1px solid #bbb; border-radius: 5px; background: #fff; }
  .filters button { background: #1f5fbf; color: #fff; border-color: #1f5fbf; padding: .3rem 1rem; cursor: pointer; }
  form.release { display: flex; gap: .8rem; flex-wrap: wrap; align-items: center; margin-top: .6rem; }
  form.release input, form.release button { font: inherit; padding: .3rem .4rem; border: 1px solid #bbb; border-radius: 5px; }
  form.release button { background: #1f5fbf; color: #fff; border-color: #1f5fbf; cursor: pointer; }
  .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: .8rem; background: none; box-shadow: none; padding: 0; }
  .kpi { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px #0001; padding: .7rem .9rem; }
  .kpi span { display: block; color: #666; font-size: .85rem; }
  .kpi strong { font-size: 1.35rem; font-variant-numeric: tabular-nums; }
  .note { background: #fff8e1; border-left: 4px solid #d08a1c; padding: .5rem .8rem; border-radius: 4px; }
  .note.warning { border-left-color: #b00020; }
  .chart { width: 100%; height: auto; display: block; }
  .chart .grid { stroke: #e6e6e6; }
  .chart .axis { font-size: 11px; fill: #777; }
  .chart .label { font-size: 13px; fill: #222; }
  .chart .figure { font-size: 12px; fill: #333; }
  .legend { display: flex; gap: 1rem; margin: 0 0 .4rem; font-size: .85rem; }
  .dot { display: inline-block; width: .7em; height: .7em; border-radius: 50%; margin-right: .35em; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
  th { font-weight: 600; color: #444; font-size: .85rem; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  td.bar { width: 110px; }
  .cellbar { width: 100px; height: 8px; }
  td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
  .empty { color: #888; text-align: center; }
  .status { font-weight: 600; }
  .status-won { color: #0a7d3b; }
  .status-lost { color: #b00020; }
  .status-qualified { color: #1f5fbf; }
  .downloads { margin: 0; padding-left: 1.2rem; }
  table.bidding tr.primary td { font-weight: 600; background: #eef5ff; }
  .reasons { margin: .6rem 0 0; padding-left: 1.2rem; color: #444; font-size: .9rem; }
  code { font-size: .8rem; word-break: break-all; }
  code.lead-id { color: #555; }
`;
