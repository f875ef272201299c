import path from 'node:path';

/** The feature a file belongs to: the folder right below src/features/, or null outside features. */
export function featureOf(file) {
  const parts = path.normalize(file).split(path.sep);
  for (let i = parts.length - 2; i >= 1; i--) {
    if (parts[i] === 'features' && parts[i - 1] === 'src') {
      return parts[i + 1] ?? null;
    }
  }
  return null;
}

/**
 * A feature may import from shared code (src/lib, src/components) and from itself, never from
 * another feature: features talk only through the app layer that composes them.
 */
export const noCrossFeatureImports = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid importing one feature from another' },
    messages: {
      crossFeature: "Feature '{{from}}' may not import from feature '{{to}}'; move shared code to src/lib or src/components.",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = featureOf(file);
    function check(node) {
      const source = node.source?.value;
      if (from === null || typeof source !== 'string' || !source.startsWith('.')) {
        return;
      }
      const to = featureOf(path.resolve(path.dirname(file), source));
      if (to !== null && to !== from) {
        context.report({ node: node.source, messageId: 'crossFeature', data: { from, to } });
      }
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
