import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Problem, WorkflowDocument } from '../../api/types';
import { approvalFlow, catalog } from '../../test/fixtures';
import { fieldElementId } from '../model/problems';
import { PropertyPanel } from './PropertyPanel';

function renderPanel(step: string, overrides: Partial<Parameters<typeof PropertyPanel>[0]> = {}) {
  const doc = approvalFlow();
  const onChange = vi.fn<(doc: WorkflowDocument) => void>();
  const onConnect = vi.fn();
  const onRename = vi.fn(() => undefined as string | undefined);
  render(
    <PropertyPanel
      doc={doc}
      step={step}
      descriptor={catalog.get(doc.steps[step].activity)}
      problems={[]}
      completions={[]}
      readOnly={false}
      extraOutcomes={[]}
      onChange={onChange}
      onRename={onRename}
      onAddOutcome={vi.fn()}
      onConnect={onConnect}
      onDelete={vi.fn()}
      {...overrides}
    />,
  );
  return { doc, onChange, onConnect, onRename };
}

describe('PropertyPanel', () => {
  it('generates a control per descriptor input, typed by the descriptor', () => {
    renderPanel('approve');
    const role = screen.getByRole('combobox', { name: /^role/ }) as HTMLSelectElement;
    expect(role.tagName).toBe('SELECT');
    expect([...role.options].map((o) => o.value)).toEqual(['', 'ops', 'analyst']);
    expect(role.value).toBe('ops');
    expect((screen.getByRole('textbox', { name: /^priority/ }) as HTMLInputElement).placeholder).toBe('default: 3');
    expect(screen.getByRole('combobox', { name: /^notify/ }).tagName).toBe('SELECT');
  });

  it('writes a chosen option into the step inputs', () => {
    const { onChange } = renderPanel('approve');
    fireEvent.change(screen.getByRole('combobox', { name: /^role/ }), { target: { value: 'analyst' } });
    expect(onChange.mock.calls[0][0].steps.approve.inputs).toEqual({ role: 'analyst' });
  });

  it('writes whole numbers as numbers and refuses text in an int field', () => {
    const { onChange } = renderPanel('approve');
    const priority = screen.getByRole('textbox', { name: /^priority/ });
    fireEvent.change(priority, { target: { value: '7' } });
    expect(onChange.mock.lastCall![0].steps.approve.inputs!.priority).toBe(7);
    onChange.mockClear();
    fireEvent.change(priority, { target: { value: 'soon' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Enter a whole number');
  });

  it('shows a server problem under its field and marks the control invalid', () => {
    const problems: Problem[] = [{ code: 'missing-input', message: 'role is required by HumanTask', severity: 'error', step: 'approve', field: 'inputs.role' }];
    renderPanel('approve', { problems });
    const role = screen.getByRole('combobox', { name: /^role/ });
    expect(role).toHaveAttribute('aria-invalid', 'true');
    expect(role.id).toBe(fieldElementId('approve', 'inputs.role'));
    expect(document.getElementById(role.getAttribute('aria-describedby')!.split(' ').pop()!)).toHaveTextContent('role is required by HumanTask');
  });

  it('the fx toggle turns a literal into an expression', () => {
    const { onChange } = renderPanel('approve');
    fireEvent.click(screen.getByRole('button', { name: 'role: use an expression' }));
    expect(onChange.mock.calls[0][0].steps.approve.inputs!.role).toBe('="ops"');
  });

  it('routes an outcome from the transitions list (a keyboard alternative to dragging)', () => {
    const { onConnect } = renderPanel('approve');
    fireEvent.change(screen.getByLabelText('On rejected'), { target: { value: 'end' } });
    expect(onConnect).toHaveBeenCalledWith('rejected', 'end');
    fireEvent.change(screen.getByLabelText('On approved'), { target: { value: '' } });
    expect(onConnect).toHaveBeenLastCalledWith('approved', undefined);
  });

  it('renames on Enter and shows why a name is refused', () => {
    const onRename = vi.fn((): string | undefined => 'A step named "ship" already exists.');
    renderPanel('approve', { onRename });
    const name = screen.getByLabelText('Step name');
    fireEvent.change(name, { target: { value: 'ship' } });
    fireEvent.keyDown(name, { key: 'Enter' });
    expect(onRename).toHaveBeenCalledWith('approve', 'ship');
    expect(screen.getByRole('alert')).toHaveTextContent('already exists');
    fireEvent.change(name, { target: { value: '1bad' } });
    fireEvent.blur(name);
    expect(screen.getByRole('alert')).toHaveTextContent('starting with a letter');
  });

  it('lists inputs the activity does not declare so they can be seen and removed', () => {
    const doc = approvalFlow();
    doc.steps.approve.inputs = { role: 'ops', legacy: 1 };
    renderPanel('approve', { doc });
    expect(screen.getByText(/Not declared by this activity/)).toBeInTheDocument();
  });

  it('disables editing for a read-only role', () => {
    renderPanel('approve', { readOnly: true });
    expect(screen.getByRole('combobox', { name: /^role/ })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Delete step' })).toBeNull();
  });
});
