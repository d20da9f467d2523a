import { Problem } from '../api';

export function Problems({ problems, id }: { problems: Problem[]; id?: string }) {
  return (
    <ul class="problems" id={id}>
      {problems.map((p) => (
        <li class={p.severity}>
          <strong>{p.severity}</strong> {p.kind && `${p.kind}/${p.name}`} {p.field && <code>{p.field}</code>}: {p.message}
        </li>
      ))}
    </ul>
  );
}
