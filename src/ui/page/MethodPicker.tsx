/** Which of the three methods to train, and the button that starts them. */
import { useTranslation } from 'react-i18next';
import { METHODS, type Method } from '../../core/methods';

export function MethodPicker(props: {
  methods: Method[];
  setMethods: (f: (ms: Method[]) => Method[]) => void;
  busy: boolean;
  /** Start is possible: the settings are valid and a backend is ready. */
  canStart: boolean;
  onStart: () => void;
}) {
  const { t } = useTranslation();
  const { methods, setMethods, busy } = props;
  const toggle = (m: Method, on: boolean) =>
    setMethods((ms) => (on ? METHODS.filter((k) => ms.includes(k) || k === m) : ms.filter((k) => k !== m)));
  return (
    <>
      <div className="methods">
        {METHODS.map((m) => (
          <label key={m} className="check">
            <input
              type="checkbox"
              data-testid={`method-${m}`}
              disabled={busy}
              checked={methods.includes(m)}
              onChange={(e) => toggle(m, e.target.checked)}
            />{' '}
            {m}
          </label>
        ))}
      </div>
      <button
        type="button"
        className="start"
        data-testid="start"
        disabled={!props.canStart || busy || methods.length === 0}
        onClick={props.onStart}
      >
        {methods.length === METHODS.length ? t('lab.methods.trainAll') : t('lab.methods.trainSome', { methods: methods.join(' + ') })}
      </button>
    </>
  );
}
